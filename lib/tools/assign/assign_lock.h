/* assign_lock.h: one run at a time on a state file (assign(1), "Runs that
 * overlap").  An exclusive flock(2) on STATE.lock, beside the state, taken
 * before the state is read and held until the new state has been renamed
 * into place.  The kernel releases it when the process ends, however it
 * ends (kill -9 included), so a lock is never stale.  The holder writes
 * its process id into the lock file (and empties it when done); the file
 * itself stays. */
#ifndef ZX_ASSIGN_LOCK_H
#define ZX_ASSIGN_LOCK_H

typedef struct alock {
    int fd;          /* -1: not held */
} alock;

/* Takes the lock of state_path, waiting up to wait_s seconds while
 * another process holds it.  0 with the lock held; -1 with *err (malloc'd)
 * when the lock file cannot be opened or the wait ran out: "state file
 * PATH: ...", naming the holder's process id where the lock file gives
 * one of a live process. */
int alock_take(alock *l, const char *state_path, double wait_s, char **err);

/* Empties the lock file and releases the lock (nothing when not held). */
void alock_release(alock *l);

#endif

/* assign_lock.c: the state file's lock (assign_lock.h). */
#include "assign_lock.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

enum { POLL_MS = 20 };

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The process id the lock file records, when that process is alive; else 0. */
static long holder_of(int fd)
{
    char buf[32];
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    if (n <= 0) return 0;
    buf[n] = 0;
    char *end;
    long pid = strtol(buf, &end, 10);
    if (pid <= 0 || end == buf || (*end && *end != '\n')) return 0;
    if (kill((pid_t)pid, 0) != 0 && errno != EPERM) return 0;
    return pid;
}

int alock_take(alock *l, const char *state_path, double wait_s, char **err)
{
    l->fd = -1;
    char *path = NULL;
    if (asprintf(&path, "%s.lock", state_path) < 0) { *err = strdup("out of memory"); return -1; }
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0) {
        if (asprintf(err, "state file %s: lock file %s: %s", state_path, path, strerror(errno)) < 0) *err = NULL;
        free(path);
        return -1;
    }
    double until = now_s() + wait_s;
    int rc;
    while ((rc = flock(fd, LOCK_EX | LOCK_NB)) != 0 && (errno == EWOULDBLOCK || errno == EINTR) && now_s() < until) {
        struct timespec pause = {0, POLL_MS * 1000000L};
        nanosleep(&pause, NULL);
    }
    if (rc != 0) {
        int e = errno;
        long pid = e == EWOULDBLOCK ? holder_of(fd) : 0;
        char who[64] = "";
        if (pid) snprintf(who, sizeof who, " (pid %ld)", pid);
        int n = e == EWOULDBLOCK
            ? asprintf(err, "state file %s: another run holds its lock%s; gave up after waiting %g s (--wait); lock file %s",
                       state_path, who, wait_s, path)
            : asprintf(err, "state file %s: lock file %s: %s", state_path, path, strerror(e));
        if (n < 0) *err = NULL;
        close(fd);
        free(path);
        return -1;
    }
    char pid[32];
    int len = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)len, 0) != len) {
        /* the lock holds all the same; only the message of a waiting run loses the pid */
    }
    free(path);
    l->fd = fd;
    return 0;
}

void alock_release(alock *l)
{
    if (l->fd < 0) return;
    if (ftruncate(l->fd, 0) != 0) { /* a stale pid names no live holder: holder_of checks */ }
    close(l->fd);
    l->fd = -1;
}

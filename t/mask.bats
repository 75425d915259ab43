#!/usr/bin/env bats
# --mask: keyed, stable pseudonyms for personal data (SPEC 7).
load helper
bats_require_minimum_version 1.5.0

setup() {
  printf '%s\n' \
    '{"case_no":"（2023）豫0183执1号","respondent":"王某","respondent_kind":"person","respondent_id":"410182199207257476","applicant":"河南中原商贸有限公司","funds":[{"kind":"payout","payee":"李某"}]}' \
    '{"case_no":"（2023）豫0183执2号","respondent":"王某","applicant":"李某","applicant_kind":"自然人"}' > "$BATS_TEST_TMPDIR/c.jsonl"
}

# Expected tokens: the first 32 hex digits of HMAC-SHA256 over the class, 0x1F, the value
# (and 0x1F and the same party's id number for a name), e.g.
#   printf 'name\x1f王某\x1f410182199207257476' | openssl dgst -sha256 -hmac court-secret-1
# A name with an id number is P (an identity), without one PN (a name only).
@test "mask: names and ids become 128-bit tokens; organisations stay; a name without an id is PN" {
  ZHIXING_MASK_KEY=court-secret-1 run -0 case-import --mask "$BATS_TEST_TMPDIR/c.jsonl"
  assert_line -n 0 '{"case_no":"（2023）豫0183执1号","respondent":"P293e376ba6d54e98368960f90d1497ce","respondent_kind":"person","respondent_id":"IDca8a936e7cbaf9f08e919f6ffe66f63e","applicant":"河南中原商贸有限公司","funds":[{"kind":"payout","payee":"PN6620824d6185751d5129252bc8d2a17a"}],"kind":"执"}'
  assert_line -n 1 '{"case_no":"（2023）豫0183执2号","respondent":"PN1db09408bccc8f00e2a8040abfaf0e08","applicant":"PN6620824d6185751d5129252bc8d2a17a","applicant_kind":"person","kind":"执"}'
  refute_output --partial '王某'
  refute_output --partial '410182199207257476'
}

@test "mask: stable across runs with the same key, different with another key" {
  a=$(ZHIXING_MASK_KEY=court-secret-1 case-import --mask "$BATS_TEST_TMPDIR/c.jsonl")
  b=$(ZHIXING_MASK_KEY=court-secret-1 case-import --mask "$BATS_TEST_TMPDIR/c.jsonl")
  c=$(ZHIXING_MASK_KEY=court-secret-2 case-import --mask "$BATS_TEST_TMPDIR/c.jsonl")
  [ "$a" = "$b" ]
  [ "$a" != "$c" ]
}

@test "mask: the key can come from a file" {
  printf 'court-secret-1\n' > "$BATS_TEST_TMPDIR/key"
  a=$(ZHIXING_MASK_KEY=court-secret-1 case-import --mask "$BATS_TEST_TMPDIR/c.jsonl")
  b=$(case-import --mask --mask-key-file "$BATS_TEST_TMPDIR/key" "$BATS_TEST_TMPDIR/c.jsonl")
  [ "$a" = "$b" ]
}

@test "mask: refuses to run without a key (exit 2, nothing written)" {
  run -2 --separate-stderr env -u ZHIXING_MASK_KEY case-import --mask "$BATS_TEST_TMPDIR/c.jsonl"
  assert_equal "$output" ""
  assert_equal "$stderr" "case-import: --mask needs a key of at least 8 bytes: --mask-key-file FILE or ZHIXING_MASK_KEY"
}

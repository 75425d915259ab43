#!/usr/bin/env bats
# --mask: keyed, stable pseudonyms for personal data (SPEC 7).
load helper
bats_require_minimum_version 1.5.0

setup() {
  printf '%s\n' \
    '{"case_no":"（2023）豫0183执1号","respondent":"王某","respondent_kind":"person","respondent_id":"410182199207257476","applicant":"河南中原商贸有限公司","funds":[{"kind":"payout","payee":"李某"}]}' \
    '{"case_no":"（2023）豫0183执2号","respondent":"王某","applicant":"李某","applicant_kind":"自然人"}' > "$BATS_TEST_TMPDIR/c.jsonl"
}

# Expected tokens checked with: printf %s 王某 | openssl dgst -sha256 -hmac court-secret-1
@test "mask: names and ids become tokens; organisations stay; same person same token" {
  ZHIXING_MASK_KEY=court-secret-1 run -0 case-import --mask "$BATS_TEST_TMPDIR/c.jsonl"
  assert_line -n 0 '{"case_no":"（2023）豫0183执1号","respondent":"P71a3c6d90f824920","respondent_kind":"person","respondent_id":"ID683a78cf0785773a","applicant":"河南中原商贸有限公司","funds":[{"kind":"payout","payee":"P8235b7c54493801d"}],"kind":"执"}'
  assert_line -n 1 '{"case_no":"（2023）豫0183执2号","respondent":"P71a3c6d90f824920","applicant":"P8235b7c54493801d","applicant_kind":"person","kind":"执"}'
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

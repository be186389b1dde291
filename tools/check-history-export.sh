#!/usr/bin/env bash
# Checks an Affiliate Ledger history export (GET /api/v1/history/export) with bash, jq, base64 and sha256sum only:
# every link recomputes, every payload and metadata is the one its link commits to, the data shown is that payload,
# and the summary's count and end links match the lines.   Usage: ./check-history-export.sh history.ndjson
set -euo pipefail
sha() { sha256sum | cut -d' ' -f1; }
fail() { echo "BROKEN at position $1: $2" >&2; exit 1; }
count=0 first= last= summary=
while IFS= read -r line; do
  if jq -e 'has("summary")' <<<"$line" >/dev/null; then summary=$line; continue; fi
  IFS=$'\t' read -r pos id res seq hash prev canon payload meta same < <(jq -r '[.position, .id, .resourceId, .sequence,
    .chainHash, .chain.previousHash, (.chain.canonical | @base64), (.chain.payload // "-"), .chain.metadata,
    (.chain.payload == null or ((.chain.payload | @base64d | fromjson) == .data))] | @tsv' <<<"$line")
  mapfile -t c < <(base64 -d <<<"$canon")   # position, id, aggregate, sequence, timestamp, types, payload, metadata
  [ "${c[1]}/${c[2]}/${c[3]}/${c[4]}" = "$pos/$id/$res/$seq" ] || fail "$pos" "canonical encoding of another event"
  [ "$( { printf '%s' "$prev"; base64 -d <<<"$canon"; } | sha)" = "$hash" ] || fail "$pos" "link does not recompute"
  [ "$(base64 -d <<<"$meta" | sha)" = "${c[8]}" ] || fail "$pos" "metadata is not the one linked"
  [ "$payload" = - ] || [ "$(base64 -d <<<"$payload" | sha)" = "${c[7]}" ] || fail "$pos" "payload is not the one linked"
  [ "$same" = true ] || fail "$pos" "data differs from the linked payload"
  count=$((count + 1)); [ -n "$first" ] || first=$prev; last=$hash
done < "${1:?usage: $0 history.ndjson}"
[ -n "$summary" ] || { echo "no summary line: the export was cut short" >&2; exit 1; }
[ "$(jq -r .summary.count <<<"$summary")" = "$count" ] || { echo "summary counts other lines" >&2; exit 1; }
[ "$(jq -r '.summary.previousHash // ""' <<<"$summary")/$(jq -r '.summary.lastHash // ""' <<<"$summary")" = "$first/$last" ] \
  || { echo "summary's end links differ from the lines" >&2; exit 1; }
echo "OK: $count events; chain from ${first:-none} to ${last:-none}; head $(jq -r .summary.head.position <<<"$summary") $(jq -r .summary.head.hash <<<"$summary")"

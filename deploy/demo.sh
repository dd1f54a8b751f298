#!/usr/bin/env bash
# The TokenFence story against a running local stack (./mvnw -B -Plocal-stack -DskipTests verify):
# log in on auth A, call both resource servers, refresh on auth B, log out on B, and watch both resource servers
# reject the access token, printing how long the revocation took to arrive.
set -euo pipefail

AUTH_A=${AUTH_A:-http://localhost:8080}
AUTH_B=${AUTH_B:-http://localhost:8082}
RS_A=${RS_A:-http://localhost:8081}
RS_B=${RS_B:-http://localhost:8083}
USERNAME=${USERNAME:-alice}
PASSWORD=${PASSWORD:-alice-password}

field() { sed -E "s/.*\"$1\":\"([^\"]+)\".*/\1/"; }
status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
now_ms() { date +%s%3N; }

echo "1. Log in as $USERNAME on auth A ($AUTH_A)"
LOGIN=$(curl -sf -X POST "$AUTH_A/auth/login" -H 'Content-Type: application/json' \
        -d "{\"username\":\"$USERNAME\",\"password\":\"$PASSWORD\"}")
AT=$(echo "$LOGIN" | field access_token)
RT=$(echo "$LOGIN" | field refresh_token)
echo "   session $(echo "$LOGIN" | field session_id)"

echo "2. Call both resource servers with the access token"
echo "   $RS_A/api/me -> $(curl -sf "$RS_A/api/me" -H "Authorization: Bearer $AT")"
echo "   $RS_B/api/orders -> HTTP $(status "$RS_B/api/orders" -H "Authorization: Bearer $AT")"

echo "3. Refresh on auth B ($AUTH_B): the refresh token rotates"
REFRESHED=$(curl -sf -X POST "$AUTH_B/auth/refresh" -H 'Content-Type: application/json' \
            -d "{\"refresh_token\":\"$RT\"}")
AT=$(echo "$REFRESHED" | field access_token)
echo "   new access token accepted by $RS_A: HTTP $(status "$RS_A/api/me" -H "Authorization: Bearer $AT")"

echo "4. Log out on auth B, then poll both resource servers until they reject the token"
START=$(now_ms)
curl -sf -X POST "$AUTH_B/auth/logout" -H "Authorization: Bearer $AT" -o /dev/null
LOGGED_OUT=$(now_ms)
for RS in "$RS_A" "$RS_B"; do
  DEADLINE=$(( $(now_ms) + 10000 ))
  until [ "$(status "$RS/api/me" -H "Authorization: Bearer $AT")" = "401" ]; do
    if [ "$(now_ms)" -gt "$DEADLINE" ]; then echo "   $RS still accepts the token after 10 s" >&2; exit 1; fi
  done
  echo "   $RS rejects it $(( $(now_ms) - LOGGED_OUT )) ms after the logout answer (logout took $(( LOGGED_OUT - START )) ms)"
done
curl -s "$RS_A/api/me" -H "Authorization: Bearer $AT" -D - -o /dev/null | grep -i '^www-authenticate' || true
echo "Done: the revoked access token is rejected everywhere long before its expiry."

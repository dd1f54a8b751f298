package io.tokenfence.auth.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.tokenfence.auth.storage.RedisLayout;
import io.tokenfence.auth.testing.ApiResponse;
import io.tokenfence.auth.testing.AuthClient.Tokens;
import io.tokenfence.auth.testing.AuthServiceTestBase;
import org.junit.jupiter.api.Test;
import org.redisson.api.RMapCache;
import org.redisson.api.RScript;
import org.redisson.client.codec.StringCodec;

import static org.assertj.core.api.Assertions.assertThat;

/** What the auth service leaves in Redis, read raw, as an attacker with a copy of Redis would. */
class RedisStorageTest extends AuthServiceTestBase {

    @Test
    void noKeyOrValueInRedisHoldsARefreshTokenItsSecretOrAnAccessToken() {
        Tokens login = api.loginOk("alice", "alice-password");
        ApiResponse refreshed = api.refresh(login.refreshToken());
        api.refresh(login.refreshToken()); // a grace replay: the sealed answer is in Redis now
        List<String> secrets = List.of(login.refreshToken(), secretOf(login.refreshToken()),
                refreshed.text("refresh_token"), secretOf(refreshed.text("refresh_token")), login.accessToken(),
                refreshed.text("access_token"));

        String dump = dumpEverything();

        assertThat(dump).contains(login.sessionId()); // the dump really holds the session
        for (String secret : secrets) {
            assertThat(dump).doesNotContain(secret);
        }
    }

    @Test
    void sessionEntryCarriesItsAbsoluteExpiryAndMaxIdleInRedis() {
        Instant before = Instant.now();
        Tokens login = api.loginOk("alice", "alice-password");
        String map = new RedisLayout("tokenfence").sessions(SessionId.userHandle(login.sessionId()));

        Double expiry = redisson.getScoredSortedSet("redisson__timeout__set:" + map, StringCodec.INSTANCE)
                .getScore(login.sessionId());
        Double idle = redisson.getScoredSortedSet("redisson__idle__set:" + map, StringCodec.INSTANCE)
                .getScore(login.sessionId());

        assertThat(Instant.ofEpochMilli(expiry.longValue()))
                .isBetween(before.plus(Duration.ofDays(30)).minusSeconds(5), Instant.now().plus(Duration.ofDays(30)));
        assertThat(Instant.ofEpochMilli(idle.longValue()))
                .isBetween(before.plus(Duration.ofDays(7)).minusSeconds(5), Instant.now().plus(Duration.ofDays(7)));
        assertThat(redisson.getKeys().remainTimeToLive(new RedisLayout("tokenfence").userSessions(
                SessionId.userHandle(login.sessionId())))).isGreaterThan(Duration.ofDays(29).toMillis());
    }

    /**
     * During a rolling upgrade, instances that wrote session records through a string codec and instances that write
     * their UTF-8 bytes share one Redis: both must see the same bytes, or their compare-and-sets would never match.
     */
    @Test
    void sessionRecordIsUtf8JsonThatAStringCodecReadsAndComparesAndSets() {
        Tokens login = api.loginOk("alice", "alice-password");
        String map = new RedisLayout("tokenfence").sessions(SessionId.userHandle(login.sessionId()));
        RMapCache<String, String> asStrings = redisson.getMapCache(map, StringCodec.INSTANCE);

        String stored = asStrings.getWithTTLOnly(login.sessionId());

        assertThat(stored).startsWith("{").contains("\"sid\":\"" + login.sessionId() + "\"");
        assertThat(asStrings.replace(login.sessionId(), stored, stored)).isTrue();
        assertThat(api.refresh(login.refreshToken()).status()).isEqualTo(200);
        assertThat(asStrings.getWithTTLOnly(login.sessionId())).isNotEqualTo(stored).contains("\"generation\":1");
    }

    @Test
    void sessionsOfManyUsersSpreadOverShardsUnderHashTags() {
        List<String> users = List.of("alice", "admin");
        List<String> maps = new ArrayList<>();
        for (String user : users) {
            maps.add(new RedisLayout("tokenfence").sessions(RedisLayout.userHandle(user)));
        }
        api.loginOk("alice", "alice-password");
        api.loginOk("admin", "admin-password");

        for (String map : maps) {
            assertThat(map).matches("tokenfence:sessions:\\{s:[0-9a-f]{2}}");
            assertThat(redisson.getKeys().countExists(map)).isEqualTo(1);
        }
    }

    private String dumpEverything() {
        StringBuilder dump = new StringBuilder();
        RScript script = redisson.getScript(StringCodec.INSTANCE);
        for (String key : redisson.getKeys().getKeys()) {
            dump.append(key).append('\n');
            // Every value of every type, as Redis itself serialises it.
            Object value = script.eval(RScript.Mode.READ_ONLY, """
                    local t = redis.call('TYPE', KEYS[1])['ok']
                    if t == 'string' then return redis.call('GET', KEYS[1]) end
                    if t == 'hash' then return table.concat(redis.call('HGETALL', KEYS[1]), '\\n') end
                    if t == 'zset' then return table.concat(redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES'), '\\n') end
                    if t == 'set' then return table.concat(redis.call('SMEMBERS', KEYS[1]), '\\n') end
                    if t == 'list' then return table.concat(redis.call('LRANGE', KEYS[1], 0, -1), '\\n') end
                    return t
                    """, RScript.ReturnType.VALUE, List.of(key));
            dump.append(value).append('\n');
        }
        return dump.toString();
    }

    private static String secretOf(String refreshToken) {
        return refreshToken.substring(refreshToken.indexOf('.') + 1);
    }
}

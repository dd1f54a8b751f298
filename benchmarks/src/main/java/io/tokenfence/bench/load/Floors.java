package io.tokenfence.bench.load;

import java.security.Provider;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.redisson.Redisson;
import org.redisson.api.RBucket;
import org.redisson.api.RLock;
import org.redisson.api.RMapCache;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * What a refresh cannot be cheaper than, measured in the same run against the same Redis: a Redisson round trip, a
 * lock and unlock, the RMapCache read and compare-and-set of a rotation, and one ES256 signature.
 */
final class Floors {

    record Result(double roundTripMicros, double lockUnlockMicros, double mapReadCasMicros, double es256SignMicros) {
    }

    static Result measure(int redisPort) {
        Config config = new Config();
        config.useSingleServer().setAddress("redis://127.0.0.1:" + redisPort);
        RedissonClient redisson = Redisson.create(config);
        try {
            RBucket<String> bucket = redisson.getBucket("bench:floor:bucket", StringCodec.INSTANCE);
            bucket.set("x");
            RLock lock = redisson.getLock("bench:floor:lock");
            RMapCache<String, String> map = redisson.getMapCache("bench:floor:{s:00}", StringCodec.INSTANCE);
            map.fastPut("sid", "v0", 1, TimeUnit.HOURS, 1, TimeUnit.HOURS);
            String[] value = {"v0"};
            int[] generation = {0};
            return new Result(
                    median(20_000, bucket::get),
                    median(5_000, () -> {
                        if (lock.tryLock(1, 5, TimeUnit.SECONDS)) {
                            lock.unlock();
                        }
                    }),
                    median(5_000, () -> {
                        String current = map.getWithTTLOnly("sid");
                        String next = "v" + (++generation[0]);
                        map.replace("sid", current, next);
                        value[0] = next;
                    }),
                    es256SignMicros(false));
        } finally {
            redisson.shutdown();
        }
    }

    /**
     * One complete ES256 signature of our claims on this JVM: the lowest median of five batches of 2,000, after a warm-up
     * of 5,000. A floor is what the operation costs when nothing else interferes; on a shared machine a single batch
     * sometimes measured twice that, and subtracting a floor that is too high would flatter every "minus the signature"
     * figure.
     *
     * @param bouncyCastle sign with Bouncy Castle instead of the JDK's provider
     */
    static double es256SignMicros(boolean bouncyCastle) {
        var key = Jwts.SIG.ES256.keyPair().build();
        Provider provider = bouncyCastle ? new BouncyCastleProvider() : null;
        Op sign = () -> {
            JwtBuilder builder = provider == null ? Jwts.builder() : Jwts.builder().provider(provider);
            builder.issuer("http://localhost:8080").audience().add("tokenfence")
                    .and().subject("alice").claim("sid", "2bd806c97f0e00afJwV_N5W0Ukl7akptwWb1IQ")
                    .id("pL5I3jjiyX9N2mrRUtgaMw").issuedAt(Date.from(Instant.now()))
                    .expiration(Date.from(Instant.now().plusSeconds(300))).claim("roles", List.of("user"))
                    .signWith(key.getPrivate(), Jwts.SIG.ES256).compact();
        };
        median(5_000, sign);
        double lowest = Double.MAX_VALUE;
        for (int batch = 0; batch < 5; batch++) {
            lowest = Math.min(lowest, median(2_000, sign));
        }
        return lowest;
    }

    /**
     * Run on another JDK by the harness, so that a variant running there has the signature subtracted that its own
     * runtime makes (ES256 costs 2–3× more on JDK 17 than on JDK 25): prints the median in microseconds. The argument
     * {@code bc} measures Bouncy Castle's signature instead of the JDK's.
     */
    public static void main(String[] args) {
        System.out.println(es256SignMicros(args.length > 0 && "bc".equals(args[0])));
    }

    private interface Op {
        void run() throws Exception;
    }

    /** Median microseconds of {@code count} runs, after as many warm-up runs. */
    private static double median(int count, Op op) {
        try {
            for (int i = 0; i < count; i++) {
                op.run();
            }
            long[] nanos = new long[count];
            for (int i = 0; i < count; i++) {
                long start = System.nanoTime();
                op.run();
                nanos[i] = System.nanoTime() - start;
            }
            return Latencies.of(nanos).medianMicros();
        } catch (Exception e) {
            throw new IllegalStateException("Floor measurement failed: " + e.getMessage(), e);
        }
    }
}

package io.tokenfence.filter.events;

import java.util.Objects;

/** What {@link RevocationEventCodec#decode(byte[])} made of a record: an event, or a reason to skip it. */
public sealed interface DecodeResult {

    /** A valid event. */
    record Decoded(RevocationEvent event) implements DecodeResult {

        public Decoded {
            Objects.requireNonNull(event, "event");
        }
    }

    /**
     * A record that cannot be applied. {@code detail} names the field or the parse problem; it never contains the
     * record's content, so it is safe to log.
     */
    record Rejected(Problem problem, String detail) implements DecodeResult {

        public Rejected {
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** Why a record was rejected; also the {@code problem} tag of the skipped-records metric. */
    enum Problem {
        /** Not JSON, not an object, or a field of the wrong type or format. */
        MALFORMED("malformed"),
        /** A {@code kind} this version does not know (a newer producer); skipped, never guessed at. */
        UNKNOWN_KIND("unknown_kind"),
        /** A {@code v} other than {@link RevocationEvent#VERSION}. */
        UNSUPPORTED_VERSION("unsupported_version"),
        /** Well-formed JSON that breaks the contract: a required field missing or blank. */
        INVALID("invalid");

        private final String tag;

        Problem(String tag) {
            this.tag = tag;
        }

        /** The metric tag value. */
        public String tag() {
            return tag;
        }
    }
}

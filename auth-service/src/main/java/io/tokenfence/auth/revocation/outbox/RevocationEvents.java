package io.tokenfence.auth.revocation.outbox;

import java.util.UUID;

import io.tokenfence.auth.revocation.Revocation;
import io.tokenfence.filter.events.RevocationEvent;

/** Maps the auth service's revocations to the wire contract that resource servers consume. */
final class RevocationEvents {

    private RevocationEvents() {
    }

    static RevocationEvent from(Revocation revocation) {
        RevocationEvent.Kind kind = switch (revocation.kind()) {
            case SESSION -> RevocationEvent.Kind.SESSION;
            case USER -> RevocationEvent.Kind.USER;
        };
        return new RevocationEvent(RevocationEvent.VERSION, UUID.fromString(revocation.id()), revocation.issuedAt(),
                kind, revocation.subject(), revocation.sid(), null, revocation.notBefore(), revocation.forgetAfter(),
                RevocationEvent.Reason.valueOf(revocation.reason().name()));
    }
}

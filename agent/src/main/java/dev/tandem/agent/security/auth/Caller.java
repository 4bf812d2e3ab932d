package dev.tandem.agent.security.auth;

import dev.tandem.agent.security.pki.Role;
import io.grpc.Context;
import java.util.Optional;

/**
 * Who made the current call, as the transport proved it: the certificate's name and role,
 * and the remote address. Handlers read it with {@link #current()} for the audit log.
 *
 * @param name  the certificate's CN; {@link #INSECURE_NAME} on a port running with --insecure
 * @param role  the certificate's role; empty when the caller presented none (open methods only)
 * @param remoteAddress host:port of the caller, as the server saw it
 * @param onBehalfOf    for a request the peer forwarded: the caller the peer proved (its audit form); else empty
 */
public record Caller(String name, Optional<Role> role, String remoteAddress, String onBehalfOf) {
    public static final String INSECURE_NAME = "unauthenticated(--insecure)";
    public static final String ANONYMOUS_NAME = "anonymous";
    /** The Context key the {@link AccessInterceptor} fills for every call it lets through. */
    public static final Context.Key<Caller> KEY = Context.key("tandem-caller");

    /** The caller of the call running on this thread; empty outside a call (e.g. the SRM thread). */
    public static Optional<Caller> current() {
        return Optional.ofNullable(KEY.get());
    }

    /** The gRPC header a node sets on a forwarded request: who asked it (the peer port trusts it only from the peer). */
    public static final io.grpc.Metadata.Key<String> ON_BEHALF_OF =
            io.grpc.Metadata.Key.of("tandem-on-behalf-of", io.grpc.Metadata.ASCII_STRING_MARSHALLER);

    public Caller(String name, Optional<Role> role, String remoteAddress) {
        this(name, role, remoteAddress, "");
    }

    /** How the audit log names this caller: {@code name[role]@address}, or {@code X via name[role]@address} when forwarded. */
    public String audit() {
        String self = name + role.map(r -> "[" + r.ou() + "]").orElse("") + "@" + remoteAddress;
        return onBehalfOf.isEmpty() ? self : onBehalfOf + " via " + self;
    }

    /**
     * The audit log's "who" for the current call: the proven caller, with the request's
     * caller-supplied actor only as a short note ({@code alice[operator]@10.0.0.5:53422 "night shift"}).
     * Outside a call (the SRM itself) the claimed name, or "unknown".
     */
    public static String auditName(String claimedActor) {
        String note = claimedActor == null ? "" : claimedActor.strip();
        note = dev.tandem.agent.security.input.Inputs.clip(note.replaceAll("\\p{Cntrl}", "?"), 64);
        Optional<Caller> c = current();
        if (c.isEmpty()) {
            return note.isEmpty() ? "unknown" : note;
        }
        return c.get().audit() + (note.isEmpty() ? "" : " \"" + note + "\"");
    }
}

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
 */
public record Caller(String name, Optional<Role> role, String remoteAddress) {
    public static final String INSECURE_NAME = "unauthenticated(--insecure)";
    public static final String ANONYMOUS_NAME = "anonymous";
    /** The Context key the {@link AccessInterceptor} fills for every call it lets through. */
    public static final Context.Key<Caller> KEY = Context.key("tandem-caller");

    /** The caller of the call running on this thread; empty outside a call (e.g. the SRM thread). */
    public static Optional<Caller> current() {
        return Optional.ofNullable(KEY.get());
    }

    /** How the audit log names this caller: {@code name[role]@address}. */
    public String audit() {
        return name + role.map(r -> "[" + r.ou() + "]").orElse("") + "@" + remoteAddress;
    }
}

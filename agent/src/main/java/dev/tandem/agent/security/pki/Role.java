package dev.tandem.agent.security.pki;

import java.util.Locale;
import java.util.Optional;

/**
 * What a certificate's holder is, written in the certificate's subject OU (docs/security.md).
 * NODE is an agent of the group (peer link); the others are admin API callers, each role
 * allowed everything the roles before it are.
 */
public enum Role {
    VIEWER, OPERATOR, ADMIN, NODE;

    /** The OU value written in certificates: the lower-case name. */
    public String ou() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when this admin role may do what {@code required} may (NODE never: agents do not use the admin API). */
    public boolean allows(Role required) {
        return this != NODE && required != NODE && ordinal() >= required.ordinal();
    }

    public static Optional<Role> fromOu(String ou) {
        for (Role r : values()) {
            if (r.ou().equals(ou)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}

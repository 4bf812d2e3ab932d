package dev.tandem.agent.srm;

/**
 * The critical services a node's SRM watches (ha-behaviour.md §1). XCP Authentication is
 * watched only when {@link SrmParameters#xcpAuthenticationMonitored()} is true.
 */
public enum CriticalService {
    CLIENT_PROFILE_AGENT("Cisco Client Profile Agent"),
    SYNC_AGENT("Cisco Sync Agent"),
    XCP_ROUTER("Cisco XCP Router"),
    SIP_PROXY("Cisco SIP Proxy"),
    PRESENCE_ENGINE("Cisco Presence Engine"),
    XCP_AUTHENTICATION("Cisco XCP Authentication Service");

    private final String displayName;

    CriticalService(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    public boolean isMonitored(SrmParameters params) {
        return this != XCP_AUTHENTICATION || params.xcpAuthenticationMonitored();
    }

    /** Parses an id such as {@code XCP_ROUTER} (case-insensitive); clear error otherwise. */
    public static CriticalService parse(String id) {
        for (CriticalService s : values()) {
            if (s.name().equalsIgnoreCase(id == null ? "" : id.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown critical service '" + id + "'; known: "
                + java.util.Arrays.toString(values()));
    }
}

package dev.tandem.agent.runtime;

import dev.tandem.agent.srm.SrmEvent;
import dev.tandem.agent.srm.SrmParameters;
import dev.tandem.proto.admin.v1.GroupConfiguration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a new shared configuration changes for the SRM: its events, in the order the core hears them. */
final class ConfigChanges {
    private static final Logger log = LoggerFactory.getLogger(ConfigChanges.class);

    private ConfigChanges() {}

    /**
     * @param in force the parameters the core runs with now
     * @param from who made the change, for the log
     */
    static List<SrmEvent> between(String self, GroupConfiguration old, GroupConfiguration n, SrmParameters inForce,
                                  String from) {
        List<SrmEvent> out = new ArrayList<>();
        SrmParameters np = Protos.parameters(n.getParameters());
        if (!np.equals(inForce)) {
            log.info("{}: parameters changed ({}): {}", self, from, np);
            out.add(new SrmEvent.ParametersChanged(np));
        }
        if (n.getHaEnabled() != old.getHaEnabled()) {
            log.info("{}: high availability {} ({})", self, n.getHaEnabled() ? "enabled" : "disabled", from);
            out.add(new SrmEvent.HaEnabledChanged(n.getHaEnabled()));
        }
        if (n.getMaintenanceMode() != old.getMaintenanceMode()) {
            log.info("{}: maintenance mode {} ({})", self, n.getMaintenanceMode() ? "on" : "off", from);
            out.add(new SrmEvent.MaintenanceChanged(n.getMaintenanceMode()));
        }
        return out;
    }
}

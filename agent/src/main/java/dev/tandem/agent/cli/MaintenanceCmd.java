package dev.tandem.agent.cli;

import dev.tandem.proto.admin.v1.GroupConfiguration;
import dev.tandem.proto.admin.v1.SetMaintenanceModeRequest;
import io.grpc.Status;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `tandemctl maintenance on|off`: holds or resumes the group's automatic actions. */
@Command(name = "maintenance", mixinStandardHelpOptions = true,
        description = "Maintenance mode of the group: on holds automatic failover, fallback and recovery "
                + "(manual actions stay possible); off resumes them.")
final class MaintenanceCmd extends TandemCtl.Sub {
    @Parameters(paramLabel = "on|off")
    String mode;

    @Override
    int run() {
        if (!mode.equals("on") && !mode.equals("off")) {
            throw Status.INVALID_ARGUMENT.withDescription("say on or off, not '" + mode + "'").asRuntimeException();
        }
        GroupConfiguration g = root.stub().setMaintenanceMode(SetMaintenanceModeRequest.newBuilder()
                .setOn(mode.equals("on")).setActor(root.actor).build());
        root.out().println("Maintenance mode of group " + g.getGroup() + ": " + (g.getMaintenanceMode()
                ? "ON (automatic failover, fallback and recovery held)" : "off (automatic actions resume)"));
        return TandemCtl.OK;
    }
}

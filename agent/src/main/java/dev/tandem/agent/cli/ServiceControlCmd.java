package dev.tandem.agent.cli;

import dev.tandem.proto.admin.v1.CriticalServiceRequest;
import dev.tandem.proto.admin.v1.CriticalServiceStatus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** `tandemctl services start|stop NODE SERVICE` (StartCriticalService / StopCriticalService). */
final class ServiceControlCmd {
    private ServiceControlCmd() {
    }

    abstract static class Base implements Callable<Integer> {
        @ParentCommand
        TandemCtl.ServicesCmd services;
        @Parameters(index = "0", paramLabel = "NODE")
        String node;
        @Parameters(index = "1", paramLabel = "SERVICE", description = "the service id, as `tandemctl services` lists it (e.g. XCP_ROUTER)")
        String service;

        @Override
        public Integer call() {
            TandemCtl root = services.root;
            return TandemCtl.call(root, () -> {
                CriticalServiceRequest r = CriticalServiceRequest.newBuilder().setNode(node).setService(service)
                        .setActor(root.actor).build();
                CriticalServiceStatus s = start() ? root.stub().startCriticalService(r) : root.stub().stopCriticalService(r);
                root.out().println(s.getService() + " on " + s.getNode() + " is now " + (s.getRunning() ? "running" : "stopped")
                        + (s.getDetail().isBlank() ? "" : " (" + s.getDetail() + ")"));
                return TandemCtl.OK;
            });
        }

        abstract boolean start();
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start a critical service of NODE.")
    static final class Start extends Base {
        @Override
        boolean start() {
            return true;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stop a critical service of NODE (with HA on, its users fail over after the down delay).")
    static final class Stop extends Base {
        @Override
        boolean start() {
            return false;
        }
    }
}

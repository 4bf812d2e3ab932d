package dev.tandem.agent.cli;

import static dev.tandem.agent.cli.TandemCtl.INVALID;
import static dev.tandem.agent.cli.TandemCtl.OK;
import static dev.tandem.agent.cli.TandemCtl.USAGE;
import static dev.tandem.agent.cli.TandemCtl.fail;
import static dev.tandem.agent.cli.TandemCtl.json;

import dev.tandem.proto.admin.v1.GetConfigurationRequest;
import dev.tandem.proto.admin.v1.ServiceParameters;
import dev.tandem.proto.admin.v1.SetParametersRequest;
import io.grpc.StatusRuntimeException;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** `tandemctl params get|set`: the SRM service parameters (§4), applied to both nodes. */
@Command(name = "params", mixinStandardHelpOptions = true, description = "SRM service parameters (§4).",
        subcommands = {ParamsCmd.ParamsGet.class, ParamsCmd.ParamsSet.class})
final class ParamsCmd implements Callable<Integer> {
    @ParentCommand
    TandemCtl root;
    @Spec
    CommandLine.Model.CommandSpec spec;

    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Print the parameters in force.")
    static final class ParamsGet implements Callable<Integer> {
        @ParentCommand
        ParamsCmd params;

        public Integer call() {
            TandemCtl root = params.root;
            try {
                ServiceParameters p = root.stub().getConfiguration(GetConfigurationRequest.getDefaultInstance()).getParameters();
                root.out().print(json(p) + "\n");
                return OK;
            } catch (StatusRuntimeException e) {
                return fail(root, e);
            } finally {
                root.close();
            }
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Change parameters (applied to both nodes). Example: params set heartbeat_interval_ms=5000 heartbeat_timeout_ms=20000")
    static final class ParamsSet implements Callable<Integer> {
        @ParentCommand
        ParamsCmd params;
        @Parameters(paramLabel = "NAME=VALUE", arity = "1..*", description = "field names as in `params get`")
        Map<String, String> values;

        public Integer call() {
            TandemCtl root = params.root;
            try {
                ServiceParameters cur = root.stub().getConfiguration(GetConfigurationRequest.getDefaultInstance()).getParameters();
                ServiceParameters.Builder b = cur.toBuilder();
                for (var e : values.entrySet()) {
                    var f = ServiceParameters.getDescriptor().findFieldByName(e.getKey());
                    if (f == null) {
                        root.spec.commandLine().getErr().println("invalid: no parameter '" + e.getKey() + "'; known: "
                                + ServiceParameters.getDescriptor().getFields().stream().map(x -> x.getName()).toList());
                        root.spec.commandLine().getErr().flush();
                        return INVALID;
                    }
                    try {
                        Object v = switch (f.getJavaType()) {
                            case BOOLEAN -> {
                                if (!e.getValue().equalsIgnoreCase("true") && !e.getValue().equalsIgnoreCase("false")) {
                                    throw new NumberFormatException();
                                }
                                yield Boolean.parseBoolean(e.getValue());
                            }
                            case INT -> Integer.parseInt(e.getValue());
                            default -> Long.parseLong(e.getValue());
                        };
                        b.setField(f, v);
                    } catch (NumberFormatException x) {
                        root.spec.commandLine().getErr().println("invalid: '" + e.getValue() + "' is not a value for " + e.getKey());
                        root.spec.commandLine().getErr().flush();
                        return INVALID;
                    }
                }
                ServiceParameters p = root.stub().setParameters(SetParametersRequest.newBuilder().setParameters(b)
                        .setActor(root.actor).build());
                root.out().print(json(p) + "\n");
                return OK;
            } catch (StatusRuntimeException e) {
                return fail(root, e);
            } finally {
                root.close();
            }
        }
    }
}

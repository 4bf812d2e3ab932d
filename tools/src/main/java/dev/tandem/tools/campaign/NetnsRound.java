package dev.tandem.tools.campaign;

import java.io.IOException;
import java.util.List;

/**
 * One round on the campaign's namespaces ({@link NetnsNetwork}): each agent listens on every
 * address of its namespace (its peer dials the peer link's, the campaign the root link's) and
 * dials its peer's address on the peer link; a cut sets that link down.
 */
final class NetnsRound implements PairNetwork {
    private final NetnsLayout layout;
    private final int servicePortA;
    private final int servicePortB;

    NetnsRound(NetnsLayout layout, int servicePortA, int servicePortB) {
        this.layout = layout;
        this.servicePortA = servicePortA;
        this.servicePortB = servicePortB;
    }

    @Override
    public String bind(String node) {
        return "0.0.0.0";
    }

    @Override
    public String host(String node) {
        return layout.agentAddress(node);
    }

    @Override
    public String peerAddress(String node) {
        boolean a = node.equals(FaultRound.NODES[0]);
        String peer = FaultRound.NODES[a ? 1 : 0];
        return layout.peerAddress(peer) + ":" + (a ? servicePortB : servicePortA);
    }

    @Override
    public List<String> launcher(String node) {
        return layout.exec(node);
    }

    @Override
    public String settingFor(String node, String setting) {
        return layout.settingFor(node, setting);
    }

    @Override
    public void cut() throws IOException {
        for (List<String> c : layout.cut()) {
            IpCommand.run(c);
        }
    }

    @Override
    public void heal() throws IOException {
        for (List<String> c : layout.heal()) {
            IpCommand.run(c);
        }
    }

    /** The next round starts with the link up. */
    @Override
    public void close() {
        layout.heal().forEach(IpCommand::quietly);
    }
}

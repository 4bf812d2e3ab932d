package dev.tandem.tools.campaign;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The relay mode: both agents on loopback, each dialling its peer through a {@link LinkProxy} in
 * front of the peer's service port, so a cut stops the peer link's bytes both ways while admin
 * and client ports stay reachable. Opened per round.
 */
final class RelayNetwork implements PairNetwork {
    private final LinkProxy toA;
    private final LinkProxy toB;

    /** Relays in front of the two nodes' service ports (node-a's first). */
    RelayNetwork(int servicePortA, int servicePortB) throws IOException {
        toA = new LinkProxy(new InetSocketAddress("127.0.0.1", servicePortA));
        try {
            toB = new LinkProxy(new InetSocketAddress("127.0.0.1", servicePortB));
        } catch (IOException e) {
            toA.close();
            throw e;
        }
    }

    @Override
    public String bind(String node) {
        return "127.0.0.1";
    }

    @Override
    public String host(String node) {
        return "127.0.0.1";
    }

    @Override
    public String peerAddress(String node) {
        return (node.equals(FaultRound.NODES[0]) ? toB : toA).address();
    }

    @Override
    public List<String> launcher(String node) {
        return List.of();
    }

    @Override
    public String settingFor(String node, String setting) {
        return setting;
    }

    @Override
    public void cut() {
        toA.cut();
        toB.cut();
    }

    @Override
    public void heal() {
        toA.heal();
        toB.heal();
    }

    @Override
    public void close() {
        toA.close();
        toB.close();
    }
}

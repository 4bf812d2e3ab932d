package dev.tandem.tools.campaign;

import java.io.IOException;
import java.util.List;

/**
 * How one round's two agents are wired: where each listens and is dialled by the campaign, where
 * it finds its peer, and how a PARTITION cuts the peer link (only that link: the campaign's
 * observer, operator, clients and witness keep reaching both nodes). {@link RelayNetwork}: TCP
 * relays on loopback; {@link NetnsNetwork}: network namespaces and veth pairs.
 */
interface PairNetwork extends AutoCloseable {
    /** The node's --bind. */
    String bind(String node);

    /** The host the campaign dials for the node's admin and client ports. */
    String host(String node);

    /** The node's --peer-address: host:port at which it reaches its peer's service port. */
    String peerAddress(String node);

    /** What the node's java command line is prefixed with (empty: run as it is). */
    List<String> launcher(String node);

    /** An agent setting as the node must see it (e.g. the witness' address from its namespace). */
    String settingFor(String node, String setting);

    void cut() throws IOException;

    void heal() throws IOException;

    /** The end of the round: the link healed, whatever the round opened closed. */
    @Override
    void close();
}

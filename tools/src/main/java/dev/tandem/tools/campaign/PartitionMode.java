package dev.tandem.tools.campaign;

import java.util.Optional;

/** How the campaign cuts the peer link: {@code --partition}. */
enum PartitionMode {
    /** each node in a network namespace, the peer link a veth pair set down by a PARTITION. */
    NETNS,
    /** both nodes on loopback, the peer link through TCP relays that stop moving bytes. */
    RELAY,
    /** NETNS when this process can create a namespace and a veth pair, else RELAY. */
    AUTO;

    /** The mode a campaign runs in, and the one stderr line that says which and why. */
    record Choice(PartitionMode mode, String why) {
    }

    /**
     * @param probe what {@link NetnsNetwork#probe} found: empty if namespaces and veth pairs can
     *              be made, else why not; asked only in the AUTO mode
     */
    Choice choose(java.util.function.Supplier<Optional<String>> probe) {
        return switch (this) {
            case NETNS -> new Choice(NETNS, "partitions by netns (--partition netns)");
            case RELAY -> new Choice(RELAY, "partitions by TCP relay (--partition relay)");
            case AUTO -> probe.get()
                    .map(why -> new Choice(RELAY, "partitions by TCP relay: no network namespaces here (" + why + ")"))
                    .orElseGet(() -> new Choice(NETNS,
                            "partitions by netns: a throwaway namespace with a veth pair could be created"));
        };
    }
}

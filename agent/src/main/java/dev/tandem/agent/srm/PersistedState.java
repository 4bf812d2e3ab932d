package dev.tandem.agent.srm;

/** The SRM state read back from disk at start; restarts resume from it (rows M5–M9). */
public record PersistedState(NodeState state, Reason reason, long sinceMs, boolean servicesStoppedBySrm) {
}

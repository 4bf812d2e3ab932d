package dev.tandem.agent.srm;

/** Stable, transitional or error (ha-behaviour.md §2, "kind" column). */
public enum StateKind {
    STABLE,
    TRANSITIONAL,
    ERROR
}

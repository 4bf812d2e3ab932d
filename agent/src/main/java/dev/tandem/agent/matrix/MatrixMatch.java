package dev.tandem.agent.matrix;

/** A matched row and which of the two nodes plays its "node 1". */
public record MatrixMatch(MatrixRow row, String node1, String node2) {
}

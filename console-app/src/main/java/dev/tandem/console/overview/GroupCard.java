package dev.tandem.console.overview;

import java.util.List;

/**
 * One presence redundancy group: its nodes, the matched matrix row with cause and numbered
 * recommended steps, heartbeat health, and how fresh the data is.
 */
public record GroupCard(String group, String description, String haText, String source, boolean live,
                        String problem, List<NodeCard> nodes, String matrixId, String matrixRow, String cause,
                        List<String> steps, String heartbeat, boolean roundTripWarning) {
}

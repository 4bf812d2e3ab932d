package dev.tandem.console.util;

/**
 * What a confirmation says before a state-changing request: the window title, the header (also
 * the confirming button's label, so the button names the act) and the body, which says what
 * will happen as a result (e.g. "automatic failover after 90 s").
 */
public record ConfirmText(String title, String header, String body) {
}

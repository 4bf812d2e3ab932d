package dev.tandem.console.users;

/** One user as the Users view shows it: id, home node, serving node and session, in words. */
public record UserRow(String user, String home, String serving, String session) {
}

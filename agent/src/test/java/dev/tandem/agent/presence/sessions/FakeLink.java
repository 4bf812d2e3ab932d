package dev.tandem.agent.presence.sessions;

import dev.tandem.proto.presence.v1.Redirect;
import dev.tandem.proto.presence.v1.ServerMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Test-only connection: records what the session manager writes to it, each write stamped
 * with a sequence number shared by all links of a test (the order a client population sees). */
final class FakeLink implements ClientLink {
    record Event(long seq, String what) {
    }

    private final AtomicLong clock;
    private final List<Event> events = new ArrayList<>();
    private Redirect lastRedirect;

    FakeLink(AtomicLong clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void send(ServerMessage message) {
        String what = switch (message.getBodyCase()) {
            case LOGIN_ACCEPTED -> "accepted:" + message.getLoginAccepted().getMode();
            case PROMOTED -> "promoted";
            default -> message.getBodyCase().name().toLowerCase(java.util.Locale.ROOT);
        };
        events.add(new Event(clock.incrementAndGet(), what));
    }

    @Override
    public synchronized void closeWithRedirect(Redirect redirect) {
        events.add(new Event(clock.incrementAndGet(), "redirect"));
        lastRedirect = redirect;
    }

    synchronized Redirect lastRedirect() {
        return lastRedirect;
    }

    @Override
    public synchronized void closeWithError(Refusal refusal, String message) {
        events.add(new Event(clock.incrementAndGet(), "closed:" + refusal));
    }

    synchronized List<String> whats() {
        return events.stream().map(Event::what).toList();
    }

    synchronized long seqOf(String what) {
        return events.stream().filter(e -> e.what().equals(what)).mapToLong(Event::seq).findFirst().orElse(-1);
    }

    synchronized List<Event> events() {
        return new ArrayList<>(events);
    }
}

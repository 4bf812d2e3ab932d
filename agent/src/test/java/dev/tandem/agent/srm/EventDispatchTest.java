package dev.tandem.agent.srm;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every event type has its own handler, so none is silently ignored. */
class EventDispatchTest {

    @Test
    void everyPermittedEventHasExactlyOneVisitorMethod() {
        List<Class<?>> events = Arrays.asList(SrmEvent.class.getPermittedSubclasses());
        List<Class<?>> visited = Arrays.stream(SrmEvent.Visitor.class.getDeclaredMethods())
                .map(m -> m.getParameterTypes()[0]).collect(Collectors.toList());
        assertThat(visited).containsExactlyInAnyOrderElementsOf(events);
        for (Class<?> e : events) {
            Method[] own = EventDispatch.class.getDeclaredMethods();
            assertThat(Arrays.stream(own).filter(m -> !m.isBridge() && m.getParameterCount() == 1
                    && m.getParameterTypes()[0] == e))
                    .as("EventDispatch handles " + e.getSimpleName()).hasSize(1);
        }
    }

    @Test
    void everyEventBeforeTheStartIsRefusedAndChangesNothing() {
        List<SrmEvent> events = List.of(new SrmEvent.HaEnabledChanged(false), new SrmEvent.TimeAdvanced(),
                new SrmEvent.CriticalServiceDown(CriticalService.SIP_PROXY),
                new SrmEvent.CriticalServiceUp(CriticalService.SIP_PROXY), new SrmEvent.DatabaseDown(),
                new SrmEvent.DatabaseUp(), new SrmEvent.PeerShutdownAnnounced(1), new SrmEvent.ShutdownRequested(),
                new SrmEvent.AdminRequest(AdminAction.RECOVERY, "a"), new SrmEvent.PeerRecoveryRequested(),
                new SrmEvent.UsersMoved(MoveKind.TAKE_OVER, 1), new SrmEvent.UserMoveFailed(MoveKind.TAKE_OVER, "x"),
                new SrmEvent.CriticalServicesStarted(), new SrmEvent.CriticalServicesStartFailed("x"),
                new SrmEvent.ParametersChanged(SrmParameters.defaults()), new SrmEvent.PauseDetected(3000),
                new SrmEvent.WitnessLeaseChanged(true, false), new SrmEvent.MaintenanceChanged(true), new SrmEvent.StoreResyncChanged(true),
                new SrmEvent.HeartbeatReceived(new PeerStatus("n2", NodeState.NORMAL, Reason.NORMAL, true,
                        SrmParameters.defaults().fingerprint(), true, true, null, 1, 0, false)));
        assertThat(events.stream().map(Object::getClass).distinct())
                .hasSize(SrmEvent.class.getPermittedSubclasses().length - 1);
        ServerRecoveryManager srm = new ServerRecoveryManager("n1", SrmParameters.defaults(), true, true);
        for (SrmEvent e : events) {
            Decision d = srm.handle(e, 5);
            assertThat(d.refusal()).as(e.toString()).isEqualTo("the Server Recovery Manager of n1 has not started");
            assertThat(d.commands()).isEmpty();
        }
        assertThat(srm.state()).isEqualTo(NodeState.INITIALIZING);
        assertThat(srm.sentence()).isEqualTo("not started");
        assertThat(srm.nextDeadlineMs()).isEqualTo(Long.MAX_VALUE);
        assertThat(srm.databaseUp()).isTrue();
        assertThat(srm.servicesDown()).isEmpty();
    }
}

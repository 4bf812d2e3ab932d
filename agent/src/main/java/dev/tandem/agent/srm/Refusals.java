package dev.tandem.agent.srm;

import dev.tandem.agent.srm.SrmEvent.*;
import java.util.List;
import java.util.Optional;

/**
 * Why an event is turned away before it changes anything (empty: accepted). A refused event
 * leaves the SRM exactly as it was. Nothing but Started is accepted before the start.
 */
final class Refusals implements SrmEvent.Visitor<Optional<String>> {
    private final NodeSetup setup;
    private final Lifecycle lifecycle;
    private final ServerRecoveryManager srm;

    Refusals(NodeSetup setup, Lifecycle lifecycle, ServerRecoveryManager srm) {
        this.setup = setup;
        this.lifecycle = lifecycle;
        this.srm = srm;
    }

    private Optional<String> accepted() {
        return lifecycle.started() ? Optional.empty()
                : Optional.of("the Server Recovery Manager of " + setup.node() + " has not started");
    }

    @Override
    public Optional<String> started(Started e) {
        return lifecycle.started()
                ? Optional.of("the Server Recovery Manager of " + setup.node() + " is already running")
                : Optional.empty();
    }

    @Override
    public Optional<String> adminRequest(AdminRequest e) {
        Optional<String> notStarted = accepted();
        return notStarted.isPresent() ? notStarted : srm.refusal(e.action());
    }

    @Override
    public Optional<String> parametersChanged(ParametersChanged e) {
        Optional<String> notStarted = accepted();
        if (notStarted.isPresent()) {
            return notStarted;
        }
        List<String> problems = e.parameters().problems();
        return problems.isEmpty() ? Optional.empty()
                : Optional.of("invalid parameters: " + String.join("; ", problems));
    }

    @Override
    public Optional<String> haEnabledChanged(HaEnabledChanged e) {
        return accepted();
    }

    @Override
    public Optional<String> heartbeatReceived(HeartbeatReceived e) {
        return accepted();
    }

    @Override
    public Optional<String> timeAdvanced(TimeAdvanced e) {
        return accepted();
    }

    @Override
    public Optional<String> criticalServiceDown(CriticalServiceDown e) {
        return accepted();
    }

    @Override
    public Optional<String> criticalServiceUp(CriticalServiceUp e) {
        return accepted();
    }

    @Override
    public Optional<String> databaseDown(DatabaseDown e) {
        return accepted();
    }

    @Override
    public Optional<String> databaseUp(DatabaseUp e) {
        return accepted();
    }

    @Override
    public Optional<String> peerShutdownAnnounced(PeerShutdownAnnounced e) {
        return accepted();
    }

    @Override
    public Optional<String> witnessLeaseChanged(WitnessLeaseChanged e) {
        return accepted();
    }

    @Override
    public Optional<String> pauseDetected(PauseDetected e) {
        return accepted();
    }

    @Override
    public Optional<String> shutdownRequested(ShutdownRequested e) {
        return accepted();
    }

    @Override
    public Optional<String> peerRecoveryRequested(PeerRecoveryRequested e) {
        return accepted();
    }

    @Override
    public Optional<String> usersMoved(UsersMoved e) {
        return accepted();
    }

    @Override
    public Optional<String> userMoveFailed(UserMoveFailed e) {
        return accepted();
    }

    @Override
    public Optional<String> criticalServicesStarted(CriticalServicesStarted e) {
        return accepted();
    }

    @Override
    public Optional<String> criticalServicesStartFailed(CriticalServicesStartFailed e) {
        return accepted();
    }

    @Override
    public Optional<String> maintenanceChanged(MaintenanceChanged e) {
        return accepted();
    }

    @Override
    public Optional<String> storeResyncChanged(StoreResyncChanged e) {
        return accepted();
    }
}

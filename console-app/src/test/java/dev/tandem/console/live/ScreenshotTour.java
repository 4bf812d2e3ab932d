package dev.tandem.console.live;

import static dev.tandem.console.testing.LivePair.A;

import dev.tandem.console.util.Theme;
import dev.tandem.proto.admin.v1.NodeActionRequest;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.geometry.Point2D;
import javafx.scene.control.TableView;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The README's screenshots, taken from the real window on a live pair after a failover: the
 * banner in a failed-over state, the charts with the hover readout, and the matrix row's detail,
 * in the light and the dark theme at 1280x800. Not a test (the name keeps it out of the suite);
 * run it with {@code mvn -B -pl console-app -am test -Dtest=ScreenshotTour
 * -Dsurefire.failIfNoSpecifiedTests=false -Dtour.out=$PWD/docs}.
 */
class ScreenshotTour extends LiveUiBase {
    @Start
    void start(Stage stage) throws Exception {
        open(stage);
    }

    @Test
    void tour(FxRobot robot) throws Exception {
        Path out = Path.of(System.getProperty("tour.out", "target/screenshots"));
        Files.createDirectories(out);
        // some history before the failover, so the charts show the switch
        WaitForAsyncUtils.sleep(15, java.util.concurrent.TimeUnit.SECONDS);
        live.stub(A).failover(NodeActionRequest.newBuilder().setNode(A).setActor("operator").build());
        live.awaitRow("M3");
        WaitForAsyncUtils.sleep(8, java.util.concurrent.TimeUnit.SECONDS);
        robot.interact(() -> vm.charts().setWindowMs(60_000)); // the pair is young: a minute shows it all
        int round = 0;
        for (Theme theme : Theme.values()) {
            robot.interact(() -> theme.apply(view));
            showTab(robot, "tab-charts");
            until("charts drawn", () -> robot.lookup("#chart-canvas-0").tryQuery().isPresent());
            // just before the failover's marker (the plot's right part), and a new point each round
            robot.moveTo(robot.point("#chart-canvas-0").atOffset(new Point2D(250 + 8 * round++, 10)));
            until("hover readout", () -> robot.lookup("#chart-readout-0").tryQuery().map(n -> n.isVisible()).orElse(false));
            save(out.resolve("console-" + theme.name().toLowerCase() + "-charts.png"));
            showTab(robot, "tab-matrix");
            robot.interact(() -> {
                TableView<?> table = robot.lookup("#matrix-table").queryAs(TableView.class);
                table.getSelectionModel().clearSelection(); // the detail shows the group's current row
            });
            save(out.resolve("console-" + theme.name().toLowerCase() + "-matrix.png"));
        }
        robot.interact(() -> Theme.LIGHT.apply(view));
    }

    private void save(Path file) throws IOException {
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage[] img = new WritableImage[1];
        try {
            WaitForAsyncUtils.asyncFx(() -> img[0] = view.getScene().snapshot(null)).get();
        } catch (Exception e) {
            throw new IOException(e);
        }
        PixelReader r = img[0].getPixelReader();
        int w = (int) img[0].getWidth();
        int h = (int) img[0].getHeight();
        BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                b.setRGB(x, y, r.getArgb(x, y));
            }
        }
        ImageIO.write(b, "png", file.toFile());
    }
}

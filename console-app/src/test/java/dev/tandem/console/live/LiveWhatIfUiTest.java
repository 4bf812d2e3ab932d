package dev.tandem.console.live;

import static dev.tandem.console.testing.LivePair.A;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.console.whatif.WhatIfViewModel;
import dev.tandem.proto.admin.v1.FaultKind;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javafx.scene.control.ComboBox;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;

/**
 * The What-if tab against a live pair: a critical service down on node-a, chosen and run in
 * the window, is predicted to end in M12 (the SRM's service delay, then the failover), while
 * the real pair stays in M1. With -Dwhatif.screenshot=FILE it also writes the window as a PNG
 * (how docs/console-whatif.png is made).
 */
class LiveWhatIfUiTest extends LiveUiBase {

    @Start
    void start(Stage stage) throws Exception {
        open(stage);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aServiceDownIsPredictedAsM12AndThePairIsNotTouched(FxRobot robot) throws Exception {
        showTab(robot, "tab-what-if");
        ComboBox<String> node = robot.lookup("#whatif-node").queryAs(ComboBox.class);
        ComboBox<WhatIfViewModel.ServiceChoice> service = robot.lookup("#whatif-service").queryAs(ComboBox.class);
        until("the nodes and services of the group", () -> node.getItems().size() == 2 && !service.getItems().isEmpty());
        ComboBox<WhatIfViewModel.KindChoice> kind = robot.lookup("#whatif-kind").queryAs(ComboBox.class);
        robot.interact(() -> {
            kind.setValue(kind.getItems().stream().filter(c -> c.kind() == FaultKind.FAULT_CRITICAL_SERVICE_DOWN)
                    .findFirst().orElseThrow());
            node.setValue(A);
        });
        robot.clickOn("#whatif-add");
        robot.clickOn("#whatif-run");
        until("the outcome", () -> text(robot, "#whatif-final").equals("Final row: M12"));
        assertThat(vm.whatIf().timeline()).extracting(WhatIfViewModel.Entry::what).contains("Row M1", "Row M12");
        assertThat(vm.whatIf().moves()).anyMatch(m -> m.startsWith(A + " hands its users over: "));
        assertThat(text(robot, "#whatif-recommended")).startsWith("1. ");
        // the prediction touched nothing: the real pair is still in M1 with every service running
        assertThat(live.status(A).getMatrix().getRow().getId()).isEqualTo("M1");
        assertThat(live.status(A).getNodesList()).allMatch(n -> n.getServicesList().stream().allMatch(s -> s.getRunning()));

        String shot = System.getProperty("whatif.screenshot");
        if (shot != null) {
            WritableImage[] img = new WritableImage[1];
            robot.interact(() -> img[0] = stage.getScene().snapshot(null));
            write(img[0], Path.of(shot));
        }
    }

    private static void write(WritableImage img, Path to) throws java.io.IOException {
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        PixelReader r = img.getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(x, y, r.getArgb(x, y));
            }
        }
        javax.imageio.ImageIO.write(out, "png", to.toFile());
    }
}

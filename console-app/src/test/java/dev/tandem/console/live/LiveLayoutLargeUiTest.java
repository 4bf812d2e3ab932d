package dev.tandem.console.live;

import javafx.stage.Stage;
import org.testfx.framework.junit5.Start;

/** {@link LiveLayoutUiTest} at 1920x1080. */
class LiveLayoutLargeUiTest extends LiveLayoutUiTest {

    // TestFX finds @Start only among the test class's own methods
    @Start
    @Override
    void start(Stage stage) throws Exception {
        open(stage);
    }

    @Override
    protected double width() {
        return 1920;
    }

    @Override
    protected double height() {
        return 1080;
    }
}

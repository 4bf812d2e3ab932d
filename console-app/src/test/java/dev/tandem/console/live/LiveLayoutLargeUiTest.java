package dev.tandem.console.live;

/** {@link LiveLayoutUiTest} at 1920x1080. */
class LiveLayoutLargeUiTest extends LiveLayoutUiTest {
    @Override
    protected double width() {
        return 1920;
    }

    @Override
    protected double height() {
        return 1080;
    }
}

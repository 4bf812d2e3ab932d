package dev.tandem.console.banner;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** The status banner: one sentence in the worst finding's colour; every finding in the tooltip. */
public final class BannerView extends HBox {
    private final Label text = new Label();

    public BannerView(BannerViewModel vm) {
        setId("status-banner");
        getStyleClass().add("status-banner");
        setAlignment(Pos.CENTER_LEFT);
        setPadding(new Insets(6, 12, 6, 12));
        setSpacing(8);
        Label mark = new Label();
        mark.getStyleClass().add("banner-mark");
        mark.setMinWidth(Region.USE_PREF_SIZE);
        text.setId("status-banner-text");
        text.getStyleClass().add("banner-text");
        text.setWrapText(true);
        text.setMinHeight(Region.USE_PREF_SIZE);
        text.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(text, Priority.ALWAYS);
        text.textProperty().bind(vm.sentenceProperty());
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(vm.detailsProperty());
        tip.setWrapText(true);
        tip.setMaxWidth(700);
        Tooltip.install(this, tip);
        getChildren().addAll(mark, text);
        apply(vm.levelProperty().get(), mark);
        vm.levelProperty().addListener((o, a, b) -> apply(b, mark));
    }

    private void apply(BannerLevel level, Label mark) {
        for (BannerLevel l : BannerLevel.values()) {
            getStyleClass().remove(l.styleClass());
        }
        getStyleClass().add(level.styleClass());
        mark.setText(switch (level) {
            case OK -> "✔";
            case INFO -> "ℹ";
            case WARNING -> "⚠";
            case CRITICAL -> "✖";
        });
    }
}

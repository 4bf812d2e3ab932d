package dev.tandem.console.util;

import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The console's Ikonli icons (Material Design 2), by what they mean rather than by code, so
 * one meaning has one picture everywhere. States keep the repository's own icons ({@link Icons}).
 */
public enum Glyphs {
    OVERVIEW("mdi2v-view-dashboard"),
    MATRIX("mdi2t-table-large"),
    CHARTS("mdi2c-chart-line"),
    ACTIONS("mdi2s-swap-horizontal"),
    CONFIGURATION("mdi2c-cog"),
    ALERTS("mdi2b-bell-outline"),
    HISTORY("mdi2h-history"),
    USERS("mdi2a-account-group"),
    WHAT_IF("mdi2f-flask-outline"),
    COMMAND_LOG("mdi2c-console-line"),
    FAILOVER("mdi2s-swap-horizontal"),
    FALLBACK("mdi2u-undo-variant"),
    RECOVER("mdi2b-backup-restore"),
    START("mdi2p-play-circle-outline"),
    STOP("mdi2s-stop-circle-outline"),
    DATABASE_FAIL("mdi2d-database-off"),
    DATABASE_RESTORE("mdi2d-database-check"),
    MAINTENANCE("mdi2w-wrench"),
    CREDENTIALS("mdi2k-key-variant"),
    REMOVE("mdi2d-delete-outline"),
    COPY("mdi2c-content-copy"),
    DARK("mdi2w-weather-night"),
    LIGHT("mdi2w-white-balance-sunny");

    private final String code;

    Glyphs(String code) {
        this.code = code;
    }

    /** A new icon node (a node has one parent: never share it). */
    public FontIcon icon() {
        FontIcon icon = new FontIcon(code);
        icon.getStyleClass().add("glyph");
        return icon;
    }

    public String code() {
        return code;
    }
}

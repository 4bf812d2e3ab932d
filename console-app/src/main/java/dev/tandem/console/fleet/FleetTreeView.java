package dev.tandem.console.fleet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.Region;

/**
 * The fleet tree. Lines are updated in place by key when the view model's clusters change, so
 * expansion, selection and scrolling survive a refresh; selecting a line selects its group.
 */
public final class FleetTreeView extends TreeView<FleetItem> {
    private final FleetTreeViewModel vm;
    private final Map<String, TreeItem<FleetItem>> byKey = new HashMap<>();
    private boolean syncing;

    public FleetTreeView(FleetTreeViewModel vm) {
        super(new TreeItem<>());
        this.vm = vm;
        setId("fleet-tree");
        setShowRoot(false);
        setCellFactory(t -> new Cell());
        vm.clustersProperty().addListener((o, a, clusters) -> sync(clusters));
        sync(vm.clustersProperty().get());
        getSelectionModel().selectedItemProperty().addListener((o, a, item) -> {
            if (!syncing && item != null) {
                vm.select(item.getValue());
            }
        });
        vm.selectedGroupProperty().addListener((o, a, group) -> showSelected());
    }

    private void sync(List<FleetItem> clusters) {
        syncing = true;
        try {
            Map<String, TreeItem<FleetItem>> keep = new HashMap<>();
            sync(getRoot(), clusters, keep);
            byKey.clear();
            byKey.putAll(keep);
        } finally {
            syncing = false;
        }
        showSelected();
    }

    private void sync(TreeItem<FleetItem> parent, List<FleetItem> items, Map<String, TreeItem<FleetItem>> keep) {
        List<TreeItem<FleetItem>> kids = new ArrayList<>(items.size());
        for (FleetItem item : items) {
            TreeItem<FleetItem> t = byKey.get(item.key());
            if (t == null) {
                t = new TreeItem<>();
                t.setExpanded(true);
            }
            FleetItem line = item.line();
            if (!line.equals(t.getValue())) {
                t.setValue(line);
            }
            keep.put(item.key(), t);
            sync(t, item.children(), keep);
            kids.add(t);
        }
        if (!sameItems(parent.getChildren(), kids)) {
            parent.getChildren().setAll(kids);
        }
    }

    private static boolean sameItems(List<TreeItem<FleetItem>> a, List<TreeItem<FleetItem>> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    /** Selects the selected group's line unless a line of that group (a node) is selected already. */
    private void showSelected() {
        String group = vm.selectedGroupProperty().get();
        TreeItem<FleetItem> current = getSelectionModel().getSelectedItem();
        if (group == null || current != null && current.getValue() != null && group.equals(current.getValue().group())) {
            return;
        }
        byKey.values().stream().filter(t -> t.getValue().kind() == FleetItem.Kind.GROUP
                && group.equals(t.getValue().group())).findFirst().ifPresent(t -> {
                    syncing = true;
                    try {
                        getSelectionModel().select(t);
                    } finally {
                        syncing = false;
                    }
                });
    }

    /** The line of an item, for tests: its TreeItem by key. */
    public TreeItem<FleetItem> item(String key) {
        return byKey.get(key);
    }

    private static final class Cell extends TreeCell<FleetItem> {
        private final ImageView icon = new ImageView();
        private final Tooltip tip = new Tooltip();

        Cell() {
            // a line as wide as its text: a narrow pane scrolls sideways instead of cutting it short
            // (wrapping was tried: the tree cell's height did not follow the wrapped text)
            setMinWidth(Region.USE_PREF_SIZE);
            tip.setWrapText(true);
            tip.setMaxWidth(500);
        }

        @Override
        protected void updateItem(FleetItem item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setText(null);
                setGraphic(null);
                setTooltip(null);
                setId(null);
                return;
            }
            setText(item.text());
            icon.setImage(item.icon().image());
            setGraphic(icon);
            tip.setText(item.tooltip());
            setTooltip(tip);
            setAccessibleText(item.icon().label() + ": " + item.text());

        }
    }
}

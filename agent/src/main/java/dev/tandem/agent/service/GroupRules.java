package dev.tandem.agent.service;

import java.util.ArrayList;
import java.util.List;

/** The presence redundancy group's naming rules (ha-behaviour.md §4). */
public final class GroupRules {
    public static final int MAX = 128;
    public static final String FORBIDDEN_IN_DESCRIPTION = "\"%&\\<>";

    private GroupRules() {
    }

    public static List<String> nameProblems(String name) {
        List<String> p = new ArrayList<>();
        if (name == null || name.isEmpty()) {
            p.add("the group name is empty");
            return p;
        }
        if (name.length() > MAX) {
            p.add("the group name has " + name.length() + " characters; at most " + MAX + " allowed");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            if (!ok) {
                p.add("the group name contains '" + c + "' at position " + (i + 1)
                        + "; only letters, digits, '_' and '-' are allowed");
                break;
            }
        }
        return p;
    }

    public static List<String> descriptionProblems(String d) {
        List<String> p = new ArrayList<>();
        if (d == null) {
            return p;
        }
        if (d.length() > MAX) {
            p.add("the description has " + d.length() + " characters; at most " + MAX + " allowed");
        }
        for (int i = 0; i < d.length(); i++) {
            if (FORBIDDEN_IN_DESCRIPTION.indexOf(d.charAt(i)) >= 0) {
                p.add("the description contains '" + d.charAt(i) + "' at position " + (i + 1)
                        + "; none of \" % & \\ < > is allowed");
                break;
            }
        }
        return p;
    }
}

package dev.diffusion.worker.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;

/**
 * A command-line flag that sets one field of a JSON job spec, e.g. {@code --lr 2e-4} sets
 * {@code optimizer.learningRate}. Flags override the values of a {@code --spec} file.
 *
 * @param flag the option name without dashes
 * @param path the dotted JSON path of the spec field
 * @param type how the text is converted
 * @param valueHint placeholder in the help text, e.g. {@code N}; empty for boolean switches
 * @param help one-line description
 */
public record SpecOption(String flag, String path, Type type, String valueHint, String help) {

    /** How a flag's text becomes JSON. */
    public enum Type {
        /** A JSON string (names are checked when the spec is parsed). */
        TEXT,
        /** A JSON integer. */
        INTEGER,
        /** A JSON number. */
        NUMBER,
        /** Comma-separated integers, e.g. {@code 1,2,2}. */
        INTEGER_LIST,
        /** A flag without value that sets the field to true. */
        SWITCH_ON,
        /** A flag without value that sets the field to false. */
        SWITCH_OFF
    }

    /**
     * Whether the flag takes no value.
     *
     * @return true for switches
     */
    public boolean isSwitch() {
        return type == Type.SWITCH_ON || type == Type.SWITCH_OFF;
    }

    /**
     * Writes the value into a spec tree, creating intermediate objects.
     *
     * @param root the spec as a JSON object
     * @param text the flag's value (ignored for switches)
     * @throws UsageException when the text does not fit the type
     */
    public void apply(ObjectNode root, String text) {
        String[] parts = path.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            node = node.has(parts[i]) && node.get(parts[i]).isObject()
                    ? (ObjectNode) node.get(parts[i])
                    : node.putObject(parts[i]);
        }
        String field = parts[parts.length - 1];
        try {
            switch (type) {
                case TEXT -> node.put(field, text.trim());
                case INTEGER -> node.put(field, Long.parseLong(text.trim()));
                case NUMBER -> node.put(field, Double.parseDouble(text.trim()));
                case INTEGER_LIST -> {
                    ArrayNode array = node.putArray(field);
                    for (String item : text.split(",")) {
                        if (!item.isBlank()) {
                            array.add(Integer.parseInt(item.trim()));
                        }
                    }
                }
                case SWITCH_ON -> node.put(field, true);
                case SWITCH_OFF -> node.put(field, false);
            }
        } catch (NumberFormatException e) {
            String expected = switch (type) {
                case INTEGER -> "an integer";
                case NUMBER -> "a number";
                default -> "comma-separated integers";
            };
            throw new UsageException("option --" + flag + " expects " + expected + ", got '" + text + "'");
        }
    }

    /**
     * The help line.
     *
     * @return e.g. {@code "  --lr X                 peak learning rate (optimizer.learningRate)"}
     */
    public String helpLine() {
        return line("--" + flag + (valueHint.isEmpty() ? "" : " " + valueHint), help);
    }

    /**
     * One aligned line of option help.
     *
     * @param left the option and its value placeholder
     * @param help the description
     * @return the line with a newline
     */
    public static String line(String left, String help) {
        return String.format(Locale.ROOT, "  %-30s %s%n", left, help);
    }
}

package dev.diffusion.worker.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parsed options of one command: {@code --name value}, {@code --name=value}, boolean
 * {@code --flag}s and positional arguments. Which names take values and which are flags is declared
 * by the command, so that typos are reported instead of silently ignored.
 */
public final class CliArguments {

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Set<String> flags = new LinkedHashSet<>();
    private final List<String> positionals = new ArrayList<>();

    private CliArguments() {}

    /**
     * Parses arguments.
     *
     * @param args the arguments after the command name
     * @param valueOptions option names (without dashes) that take a value
     * @param flagOptions option names that are booleans
     * @return the parsed arguments
     * @throws UsageException for unknown options, a missing value or a repeated option
     */
    public static CliArguments parse(List<String> args, Set<String> valueOptions, Set<String> flagOptions) {
        CliArguments parsed = new CliArguments();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.equals("--")) {
                parsed.positionals.add(arg);
                continue;
            }
            String name = arg.substring(2);
            String inlineValue = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                inlineValue = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flagOptions.contains(name)) {
                if (inlineValue != null) {
                    throw new UsageException("option --" + name + " is a flag and takes no value");
                }
                parsed.flags.add(name);
            } else if (valueOptions.contains(name)) {
                String value = inlineValue;
                if (value == null) {
                    if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                        throw new UsageException("option --" + name + " needs a value");
                    }
                    value = args.get(++i);
                }
                if (parsed.values.put(name, value) != null) {
                    throw new UsageException("option --" + name + " is given more than once");
                }
            } else {
                throw new UsageException("unknown option --" + name);
            }
        }
        return parsed;
    }

    /**
     * Whether a flag or value option was given.
     *
     * @param name option name without dashes
     * @return true if present
     */
    public boolean has(String name) {
        return flags.contains(name) || values.containsKey(name);
    }

    /**
     * The raw value of an option.
     *
     * @param name option name
     * @return the value if given
     */
    public Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /**
     * All value options in the order given.
     *
     * @return name to value
     */
    public Map<String, String> values() {
        return Map.copyOf(values);
    }

    /**
     * The positional arguments.
     *
     * @return the list
     */
    public List<String> positionals() {
        return List.copyOf(positionals);
    }

    /**
     * Rejects positional arguments, for commands that take options only.
     *
     * @throws UsageException naming the first one
     */
    public void requireNoPositionals() {
        if (!positionals.isEmpty()) {
            throw new UsageException("unexpected argument '" + positionals.get(0) + "'");
        }
    }

    /**
     * A required option's value.
     *
     * @param name option name
     * @return the value
     * @throws UsageException when missing
     */
    public String required(String name) {
        return value(name).orElseThrow(() -> new UsageException("option --" + name + " is required"));
    }

    /**
     * An integer option.
     *
     * @param name option name
     * @return the value if given
     * @throws UsageException when not an integer
     */
    public Optional<Integer> intValue(String name) {
        return value(name).map(v -> {
            try {
                return Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw new UsageException("option --" + name + " expects an integer, got '" + v + "'");
            }
        });
    }

    /**
     * A long option.
     *
     * @param name option name
     * @return the value if given
     * @throws UsageException when not an integer
     */
    public Optional<Long> longValue(String name) {
        return value(name).map(v -> {
            try {
                return Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                throw new UsageException("option --" + name + " expects an integer, got '" + v + "'");
            }
        });
    }

    /**
     * A decimal option.
     *
     * @param name option name
     * @return the value if given
     * @throws UsageException when not a number
     */
    public Optional<Double> doubleValue(String name) {
        return value(name).map(v -> {
            try {
                return Double.parseDouble(v.trim());
            } catch (NumberFormatException e) {
                throw new UsageException("option --" + name + " expects a number, got '" + v + "'");
            }
        });
    }

    /**
     * A path option.
     *
     * @param name option name
     * @return the value if given
     */
    public Optional<Path> pathValue(String name) {
        return value(name).map(Path::of);
    }
}

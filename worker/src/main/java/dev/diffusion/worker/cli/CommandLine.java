package dev.diffusion.worker.cli;

import dev.diffusion.common.spec.SpecValidationException;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Dispatches {@code <command> [options]} to a {@link Command} and maps the outcome to an exit code:
 * 0 success, 1 failure, 2 bad usage (with the message and a hint to {@code --help}).
 */
public final class CommandLine {

    /** Exit code of a successful command. */
    public static final int OK = 0;
    /** Exit code of a command that failed while running. */
    public static final int FAILURE = 1;
    /** Exit code of a command line that could not be understood. */
    public static final int USAGE = 2;

    private static final String PROGRAM = "worker";

    private final Map<String, Command> commands = new LinkedHashMap<>();
    private final Console console;

    /**
     * Creates a dispatcher over the given commands.
     *
     * @param console where to print
     * @param commands the commands
     */
    public CommandLine(Console console, List<Command> commands) {
        this.console = console;
        for (Command c : commands) {
            this.commands.put(c.name(), c);
        }
    }

    /**
     * The dispatcher with the worker's standard commands.
     *
     * @param console where to print
     * @return the dispatcher
     */
    public static CommandLine standard(Console console) {
        return new CommandLine(console, List.of(
                new TrainCommand(), new SampleCommand(), new ImportDatasetCommand(), new ImportWeightsCommand(),
                new ExportWeightsCommand(), new BenchCommand(), new BenchProbeCommand(), new SelfCheckCommand()));
    }

    /**
     * Whether {@code name} is a command this dispatcher knows (including help).
     *
     * @param name the first argument
     * @return true if {@link #execute} should handle it
     */
    public boolean handles(String name) {
        return commands.containsKey(name) || isHelp(name);
    }

    /**
     * Finds a command by name.
     *
     * @param name the command name
     * @return the command if known
     */
    public Optional<Command> command(String name) {
        return Optional.ofNullable(commands.get(name));
    }

    /**
     * Runs a command line.
     *
     * @param args the full argument list, command first
     * @return the exit code
     */
    public int execute(String... args) {
        if (args.length == 0 || isHelp(args[0])) {
            console.out().print(overview());
            return args.length == 0 ? USAGE : OK;
        }
        Command command = commands.get(args[0]);
        if (command == null) {
            return usageError(null, "unknown command '" + args[0] + "'");
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        if (rest.contains("--help") || rest.contains("-h")) {
            console.out().print(command.usage());
            return OK;
        }
        try {
            return command.run(rest, console);
        } catch (UsageException | SpecValidationException e) {
            return usageError(command, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            console.err().println(PROGRAM + " " + command.name() + ": interrupted");
            return FAILURE;
        } catch (Exception e) {
            console.err().println(PROGRAM + " " + command.name() + " failed: " + describe(e));
            if (Boolean.getBoolean("worker.stacktrace")) {
                e.printStackTrace(console.err());
            }
            return FAILURE;
        }
    }

    private int usageError(Command command, String message) {
        String prefix = command == null ? PROGRAM : PROGRAM + " " + command.name();
        console.err().println(prefix + ": " + message);
        String help = command == null ? PROGRAM + " --help" : PROGRAM + " " + command.name() + " --help";
        console.err().println("Try '" + help + "' for usage.");
        return USAGE;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static boolean isHelp(String arg) {
        return "--help".equals(arg) || "-h".equals(arg) || "help".equals(arg);
    }

    /**
     * The overview printed by {@code worker --help}.
     *
     * @return the text
     */
    public String overview() {
        StringBuilder sb = new StringBuilder();
        sb.append("Usage: ").append(PROGRAM).append(" <command> [options]\n\n");
        sb.append("Trains and samples DDPM/DDIM diffusion models on the CPU (DJL + PyTorch).\n");
        sb.append("Without a command the worker starts as a service and waits for jobs.\n\n");
        sb.append("Commands:\n");
        for (Command c : commands.values()) {
            if (!c.summary().isEmpty()) {
                sb.append(String.format("  %-16s %s%n", c.name(), c.summary()));
            }
        }
        sb.append("\nRun '").append(PROGRAM).append(" <command> --help' for the options of a command.\n");
        sb.append("Exit codes: 0 success, 1 failure, 2 bad usage.\n");
        return sb.toString();
    }
}

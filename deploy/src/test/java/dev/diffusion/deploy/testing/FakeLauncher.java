package dev.diffusion.deploy.testing;

import dev.diffusion.deploy.infra.ChildProcess;
import dev.diffusion.deploy.infra.Component;
import dev.diffusion.deploy.infra.LocalInfrastructure;
import dev.diffusion.deploy.local.RunLock;
import dev.diffusion.deploy.tether.TetherJar;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * A launcher-like process for tests that kill it with {@code kill -9}; prints {@code name=pid} lines, then
 * {@code ready}, then waits.
 * <ul>
 *   <li>{@code tether <folder>}: a Java child with the tether agent ({@code child}), a plain {@code sleep}
 *   ({@code sleeper}) and a watchdog for the sleep ({@code watchdog}) — what the launcher does for its services and
 *   for PostgreSQL.</li>
 *   <li>{@code leftover <data folder>}: takes the folder with a {@link RunLock} and starts PostgreSQL and an
 *   untethered {@code sleep} ({@code worker}), recording both but giving them no watchdog: after a {@code kill -9}
 *   they are what an old or broken launcher leaves behind.</li>
 * </ul>
 */
public final class FakeLauncher {

    private FakeLauncher() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[1]);
        switch (args[0]) {
            case "tether" -> tether(folder);
            case "leftover" -> leftover(folder);
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.println("ready");
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void tether(Path folder) throws Exception {
        ChildProcess child = ChildProcess.start("child", ChildProcess.java(List.of("-Xmx32m", "-cp",
                JavaProcesses.classesOf(Sleeper.class).toString(), Sleeper.class.getName())), Map.of(), folder,
                folder.resolve("child.log"));
        ChildProcess sleeper = ChildProcess.start("sleeper", List.of("sleep", "300"), Map.of(), folder,
                folder.resolve("sleeper.log"));
        ChildProcess watchdog = ChildProcess.start("watchdog", TetherJar.watchdogCommand(
                ChildProcess.javaExecutable(), sleeper.pid(), "TERM"), Map.of(), folder,
                folder.resolve("watchdog.log"));
        System.out.println("child=" + child.pid());
        System.out.println("sleeper=" + sleeper.pid());
        System.out.println("watchdog=" + watchdog.pid());
    }

    private static void leftover(Path data) throws Exception {
        RunLock lock = RunLock.acquire(data, LocalInfrastructure.postgresDirectory(data), System.out);
        LocalInfrastructure infrastructure = LocalInfrastructure.builder().optComponents(EnumSet.of(Component.POSTGRES))
                .optDataDirectory(data).optFastPostgres(true).start();
        infrastructure.processes().forEach(lock::record);
        Process worker = new ProcessBuilder("sleep", "300").start();
        lock.record("worker", worker.pid());
        System.out.println("postgres=" + infrastructure.processes().get("postgres"));
        System.out.println("worker=" + worker.pid());
        System.out.println("port=" + infrastructure.postgres().port());
    }
}

package dev.diffusion.deploy.testing;

/** A Java child that does nothing until it is ended. */
public final class Sleeper {

    private Sleeper() {
    }

    public static void main(String[] args) throws InterruptedException {
        Thread.sleep(Long.MAX_VALUE);
    }
}

package dev.emodistill.pipeline;

/** A stage failed; the stages that finished before it stay complete, so a rerun resumes at it. */
public final class PipelineException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String stage;

    PipelineException(String stage, Throwable cause) {
        super("stage " + stage + " failed: " + cause.getMessage(), cause);
        this.stage = stage;
    }

    /** The name of the stage that failed. */
    public String stage() {
        return stage;
    }
}

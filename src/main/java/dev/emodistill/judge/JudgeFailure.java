package dev.emodistill.judge;

/**
 * A judge could not score a turn: a judge model that failed or answered outside its format. Such a turn is left
 * unscored and reported, never given a default score (DESIGN §6: "parse failures recorded, never silently 5").
 */
public class JudgeFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JudgeFailure(String message, Throwable cause) {
        super(message, cause);
    }
}

-- Sign-in throttling. One row per key (an account, an account from one source address, a
-- source address): failed attempts in the current window and a lock. Attempts are counted
-- under the row's lock before the password is checked, so parallel guesses cannot overtake
-- the count (the per-user columns failed_attempts and locked_until are no longer used).
CREATE TABLE login_throttle (
  key          text PRIMARY KEY,
  failures     integer NOT NULL DEFAULT 0,
  window_start timestamptz NOT NULL,
  locked_until timestamptz
);

//! The store operations that are one command each (GET, SET, EXPIRE, DEL, PING): what each
//! sends, decided before sending, and how its reply is read. Sent one by one (a cluster) or
//! several in one pipeline (a single node, see `batch`), they mean the same.

use express_session_core::redis_store::{self, Expiry, WriteMode};
use redis::{Cmd, FromRedisValue, RedisError, RedisResult, Value};

use super::connection::{invalid_ttl, Answer, Connection, Failure, Outcome};

/// An operation of one command, as JavaScript issued it. `ttl`, `expires_ms` and `now_ms`
/// as `ttl_seconds` takes them.
pub enum Simple {
    Get {
        id: String,
    },
    Set {
        id: String,
        json: String,
        ttl: f64,
        expires_ms: f64,
        now_ms: f64,
        mode: WriteMode,
    },
    Touch {
        id: String,
        ttl: f64,
        expires_ms: f64,
        now_ms: f64,
    },
    Destroy {
        id: String,
    },
    Ping,
}

/// What an operation does: its answer without a command, or one command and how to read
/// its reply.
pub enum Step {
    Done(Outcome),
    Send(Cmd, Reading),
}

/// How a command's reply becomes the operation's answer.
#[derive(Clone, Copy)]
pub enum Reading {
    /// GET: the session's JSON, or nothing.
    Text,
    /// SET: nil when its condition failed, which only a new session's NX makes a failure.
    Written { new: bool },
    /// EXPIRE, DEL: a count nobody needs.
    Count,
    /// PING.
    Pong,
}

fn parse<T: FromRedisValue>(value: Value) -> Result<T, Failure> {
    redis::from_redis_value(value).map_err(|err| Failure::from(RedisError::from(err)))
}

impl Reading {
    /// The answer from the command's reply, a server error in it being this operation's
    /// failure alone.
    pub fn read(self, reply: RedisResult<Value>) -> Outcome {
        let value = reply?.extract_error()?;
        match self {
            Self::Text => Ok(parse::<Option<String>>(value)?.map_or(Answer::Nothing, Answer::Text)),
            Self::Written { new } => {
                if parse::<Option<String>>(value)?.is_none() && new {
                    return Err(Failure::Collision);
                }
                Ok(Answer::Nothing)
            }
            Self::Count => parse::<i64>(value).map(|_| Answer::Nothing),
            Self::Pong => parse::<String>(value).map(|_| Answer::Nothing),
        }
    }
}

fn delete(key: String) -> Step {
    let mut cmd = redis::cmd("DEL");
    cmd.arg(key);
    Step::Send(cmd, Reading::Count)
}

impl Simple {
    /// Decides the command (TTL rules included) before anything is sent.
    pub fn plan(self, connection: &Connection) -> Step {
        match self {
            Self::Get { id } => {
                let mut cmd = redis::cmd("GET");
                cmd.arg(connection.key(&id));
                Step::Send(cmd, Reading::Text)
            }
            Self::Set {
                id,
                json,
                ttl,
                expires_ms,
                now_ms,
                mode,
            } => {
                let ttl = redis_store::ttl_seconds(ttl, expires_ms, now_ms, connection.default_ttl);
                let key = connection.key(&id);
                let seconds = match redis_store::expiry(ttl, connection.disable_ttl) {
                    Expiry::Invalid => return Step::Done(Err(invalid_ttl())),
                    // A created session that is already expired has nothing to write, and
                    // deleting would remove whatever session holds the ID.
                    Expiry::Delete if mode == WriteMode::New => {
                        return Step::Done(Ok(Answer::Nothing))
                    }
                    Expiry::Delete => return delete(key),
                    Expiry::Never => None,
                    Expiry::Seconds(seconds) => Some(seconds),
                };
                let mut cmd = redis::cmd("SET");
                cmd.arg(key).arg(json);
                if let Some(seconds) = seconds {
                    cmd.arg("EX").arg(seconds);
                }
                if let Some(condition) = mode.condition() {
                    cmd.arg(condition);
                }
                let new = mode == WriteMode::New;
                Step::Send(cmd, Reading::Written { new })
            }
            // Moves the expiry only: EXPIRE never creates a key, so a touch cannot bring
            // back a destroyed session.
            Self::Touch {
                id,
                ttl,
                expires_ms,
                now_ms,
            } => {
                let ttl = redis_store::ttl_seconds(ttl, expires_ms, now_ms, connection.default_ttl);
                let key = connection.key(&id);
                match redis_store::expiry(ttl, false) {
                    Expiry::Invalid => Step::Done(Err(invalid_ttl())),
                    Expiry::Delete => delete(key),
                    Expiry::Never => Step::Done(Ok(Answer::Nothing)),
                    Expiry::Seconds(seconds) => {
                        let mut cmd = redis::cmd("EXPIRE");
                        cmd.arg(key).arg(seconds);
                        Step::Send(cmd, Reading::Count)
                    }
                }
            }
            Self::Destroy { id } => delete(connection.key(&id)),
            Self::Ping => Step::Send(redis::cmd("PING"), Reading::Pong),
        }
    }

    /// Runs the operation on its own (a cluster's path).
    pub async fn run(self, connection: &Connection) -> Outcome {
        match self.plan(connection) {
            Step::Done(outcome) => outcome,
            Step::Send(cmd, reading) => reading.read(connection.query::<Value>(&cmd).await),
        }
    }
}

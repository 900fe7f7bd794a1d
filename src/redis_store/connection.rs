//! One logical connection to Redis or a Redis Cluster: a multiplexed connection per node
//! (redis-rs's `ConnectionManager`, or its async cluster connection), and the store's
//! commands on it. Every command is one round trip except those that list keys.

use std::collections::HashSet;
use std::future::Future;
use std::io;
use std::time::Duration;

use express_session_core::redis_merge::{MergeAnswer, Patch, MERGE_SCRIPT};
use express_session_core::redis_store::{self, Expiry};
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::cluster::{ClusterClient, ClusterClientBuilder};
use redis::cluster_async::ClusterConnection;
use redis::cluster_routing::{RoutingInfo, SingleNodeRoutingInfo};
use redis::{
    Client, Cmd, ErrorKind, FromRedisValue, RedisError, RedisResult, Script, ScriptInvocation,
    TlsCertificates, Value,
};
use tokio::sync::OnceCell;

/// Keys per MGET / DEL on a single node.
const BATCH: usize = 1000;

/// How to reach the server(s).
pub struct Target {
    pub urls: Vec<String>,
    pub cluster: bool,
    pub command_timeout: Duration,
    pub connect_timeout: Duration,
    pub certificates: Option<TlsCertificates>,
}

enum Link {
    Single(ConnectionManager),
    Cluster {
        client: Box<ClusterClient>,
        connection: OnceCell<ClusterConnection>,
    },
}

/// A failure of a store operation, as the shim tells them apart.
#[derive(Clone)]
pub enum Failure {
    /// The server cannot be reached (refused, dropped, unresolvable).
    Connection(String),
    /// No answer within the command timeout.
    Timeout,
    /// The server answered with an error, or the answer was not understood.
    Command(String),
    /// `SET … NX` found the key: the new session's ID is taken.
    Collision,
}

impl From<RedisError> for Failure {
    fn from(err: RedisError) -> Self {
        if err.is_timeout() {
            Self::Timeout
        } else if err.kind() == ErrorKind::AuthenticationFailed {
            Self::Command(err.to_string())
        } else if err.is_io_error()
            || err.is_connection_refusal()
            || err.is_connection_dropped()
            || err.is_unrecoverable_error()
        {
            Self::Connection(err.to_string())
        } else {
            Self::Command(err.to_string())
        }
    }
}

/// What an operation answers.
pub enum Answer {
    Nothing,
    Text(String),
    List(Vec<String>),
    Count(usize),
}

pub type Outcome = Result<Answer, Failure>;

pub struct Connection {
    link: Link,
    merge_script: Script,
    pub prefix: String,
    pub default_ttl: f64,
    pub disable_ttl: bool,
    pub command_timeout: Duration,
}

pub(super) fn invalid_ttl() -> Failure {
    Failure::Command("the session's TTL is not a whole number of seconds Redis accepts".to_owned())
}

impl Connection {
    /// Sets the connection up; nothing is sent until the first command. Must run inside
    /// the runtime (redis-rs locates it when the manager is made).
    pub fn open(
        target: Target,
        prefix: String,
        default_ttl: f64,
        disable_ttl: bool,
    ) -> RedisResult<Self> {
        let link = if target.cluster {
            let mut builder = ClusterClientBuilder::new(target.urls)
                .connection_timeout(target.connect_timeout)
                .response_timeout(target.command_timeout)
                .retries(3);
            if let Some(certificates) = target.certificates {
                builder = builder.certs(certificates);
            }
            Link::Cluster {
                client: Box::new(builder.build()?),
                connection: OnceCell::new(),
            }
        } else {
            let url = target.urls.into_iter().next().unwrap_or_default();
            let client = match target.certificates {
                Some(certificates) => Client::build_with_tls(url, certificates)?,
                None => Client::open(url)?,
            };
            let config = ConnectionManagerConfig::new()
                .set_connection_timeout(Some(target.connect_timeout))
                .set_response_timeout(Some(target.command_timeout))
                .set_min_delay(Duration::from_millis(50))
                .set_max_delay(Duration::from_secs(2))
                .set_exponent_base(2.0)
                .set_number_of_retries(3);
            Link::Single(ConnectionManager::new_lazy_with_config(client, config)?)
        };
        Ok(Self {
            link,
            merge_script: Script::new(MERGE_SCRIPT),
            prefix,
            default_ttl,
            disable_ttl,
            command_timeout: target.command_timeout,
        })
    }

    async fn cluster(
        client: &ClusterClient,
        connection: &OnceCell<ClusterConnection>,
    ) -> RedisResult<ClusterConnection> {
        connection
            .get_or_try_init(|| client.get_async_connection())
            .await
            .cloned()
    }

    pub(super) async fn query<T: FromRedisValue>(&self, cmd: &Cmd) -> RedisResult<T> {
        match &self.link {
            Link::Single(manager) => cmd.query_async(&mut manager.clone()).await,
            Link::Cluster { client, connection } => {
                cmd.query_async(&mut Self::cluster(client, connection).await?)
                    .await
            }
        }
    }

    /// The single node's multiplexed connection; none for a cluster.
    pub(super) fn single(&self) -> Option<&ConnectionManager> {
        match &self.link {
            Link::Single(manager) => Some(manager),
            Link::Cluster { .. } => None,
        }
    }

    /// One round trip of a store-wide operation, bounded by `command_timeout` on its own: such
    /// an operation takes as many round trips as the store has sessions to list or delete.
    async fn bounded<T>(&self, step: impl Future<Output = RedisResult<T>>) -> RedisResult<T> {
        tokio::time::timeout(self.command_timeout, step)
            .await
            .unwrap_or_else(|_| Err(io::Error::from(io::ErrorKind::TimedOut).into()))
    }

    /// EVALSHA, or on NOSCRIPT (a restarted server, a new cluster node) SCRIPT LOAD and again.
    async fn invoke<T: FromRedisValue>(&self, invocation: &ScriptInvocation<'_>) -> RedisResult<T> {
        match &self.link {
            Link::Single(manager) => invocation.invoke_async(&mut manager.clone()).await,
            Link::Cluster { client, connection } => {
                invocation
                    .invoke_async(&mut Self::cluster(client, connection).await?)
                    .await
            }
        }
    }

    pub(super) fn key(&self, id: &str) -> String {
        redis_store::key(&self.prefix, id)
    }

    /// Applies a patch onto the stored session atomically (see core's `redis_merge`); `ttl`
    /// as for a loaded session's `set`. A session no longer stored is not brought back. The
    /// answer is a count: the [`MergeAnswer`]'s code.
    pub async fn merge(&self, id: &str, cookie: &str, patch: &Patch<'_>, ttl: f64) -> Outcome {
        let key = self.key(id);
        let expiry = match redis_store::expiry(ttl, self.disable_ttl) {
            Expiry::Invalid => return Err(invalid_ttl()),
            Expiry::Delete => {
                self.delete_key(key).await?;
                return Ok(Answer::Count(MergeAnswer::Merged.code()));
            }
            Expiry::Never => String::new(),
            Expiry::Seconds(seconds) => seconds.to_string(),
        };
        let mut invocation = self.merge_script.key(key);
        invocation.arg(expiry).arg(cookie).arg(patch.arguments());
        let reply: i64 = self.invoke(&invocation).await?;
        let answer = MergeAnswer::from_reply(reply)
            .ok_or_else(|| Failure::Command(format!("the merge script answered {reply}")))?;
        Ok(Answer::Count(answer.code()))
    }

    async fn delete_key(&self, key: String) -> Outcome {
        let _: i64 = self.query(redis::cmd("DEL").arg(key)).await?;
        Ok(Answer::Nothing)
    }

    /// Every key under the prefix, once each, across every master of a cluster.
    async fn keys(&self, count: u32) -> RedisResult<Vec<String>> {
        let pattern = redis_store::scan_pattern(&self.prefix);
        let mut found = HashSet::new();
        match &self.link {
            Link::Single(manager) => {
                let mut manager = manager.clone();
                let mut cursor = 0_u64;
                loop {
                    let (next, keys): (u64, Vec<String>) = self
                        .bounded(scan(cursor, &pattern, count).query_async(&mut manager))
                        .await?;
                    found.extend(keys);
                    if next == 0 {
                        break;
                    }
                    cursor = next;
                }
            }
            Link::Cluster { client, connection } => {
                let mut connection = self.bounded(Self::cluster(client, connection)).await?;
                for (host, port) in self.bounded(masters(&mut connection)).await? {
                    let mut cursor = 0_u64;
                    loop {
                        let routing = RoutingInfo::SingleNode(SingleNodeRoutingInfo::ByAddress {
                            host: host.clone(),
                            port,
                        });
                        let value = self
                            .bounded(
                                connection.route_command(scan(cursor, &pattern, count), routing),
                            )
                            .await?;
                        let (next, keys): (u64, Vec<String>) = redis::from_redis_value(value)?;
                        found.extend(keys);
                        if next == 0 {
                            break;
                        }
                        cursor = next;
                    }
                }
            }
        }
        Ok(found.into_iter().collect())
    }

    pub async fn ids(&self, count: u32) -> Outcome {
        let keys = self.keys(count).await?;
        Ok(Answer::List(self.strip(keys)))
    }

    fn strip(&self, keys: Vec<String>) -> Vec<String> {
        keys.iter()
            .filter_map(|key| redis_store::id_of(&self.prefix, key).map(str::to_owned))
            .collect()
    }

    pub async fn length(&self, count: u32) -> Outcome {
        Ok(Answer::Count(self.keys(count).await?.len()))
    }

    /// Every session as ID, JSON, ID, JSON, …; keys that expired meanwhile are left out.
    pub async fn all(&self, count: u32) -> Outcome {
        let keys = self.keys(count).await?;
        let values = self.values(&keys).await?;
        let mut pairs = Vec::with_capacity(keys.len() * 2);
        for (key, value) in keys.iter().zip(values) {
            if let (Some(id), Some(json)) = (redis_store::id_of(&self.prefix, key), value) {
                pairs.push(id.to_owned());
                pairs.push(json);
            }
        }
        Ok(Answer::List(pairs))
    }

    async fn values(&self, keys: &[String]) -> RedisResult<Vec<Option<String>>> {
        let mut values = Vec::with_capacity(keys.len());
        match &self.link {
            Link::Single(manager) => {
                let mut manager = manager.clone();
                for batch in keys.chunks(BATCH) {
                    let part: Vec<Option<String>> = self
                        .bounded(redis::cmd("MGET").arg(batch).query_async(&mut manager))
                        .await?;
                    values.extend(part);
                }
            }
            // One GET per key: keys of different slots live on different masters.
            Link::Cluster { .. } => {
                for key in keys {
                    values.push(self.bounded(self.query(redis::cmd("GET").arg(key))).await?);
                }
            }
        }
        Ok(values)
    }

    pub async fn clear(&self, count: u32) -> Outcome {
        let keys = self.keys(count).await?;
        match &self.link {
            Link::Single(manager) => {
                let mut manager = manager.clone();
                for batch in keys.chunks(BATCH) {
                    let _: i64 = self
                        .bounded(redis::cmd("DEL").arg(batch).query_async(&mut manager))
                        .await?;
                }
            }
            Link::Cluster { .. } => {
                for key in keys {
                    let _: i64 = self.bounded(self.query(redis::cmd("DEL").arg(key))).await?;
                }
            }
        }
        Ok(Answer::Nothing)
    }
}

fn scan(cursor: u64, pattern: &str, count: u32) -> Cmd {
    let mut cmd = redis::cmd("SCAN");
    cmd.arg(cursor)
        .arg("MATCH")
        .arg(pattern)
        .arg("COUNT")
        .arg(count);
    cmd
}

/// The cluster's masters as host and port, from CLUSTER SLOTS (each slot range names its
/// master first).
async fn masters(connection: &mut ClusterConnection) -> RedisResult<Vec<(String, u16)>> {
    let value = connection
        .route_command(
            redis::cmd("CLUSTER").arg("SLOTS").clone(),
            RoutingInfo::SingleNode(SingleNodeRoutingInfo::Random),
        )
        .await?;
    let mut masters = Vec::new();
    let Value::Array(ranges) = value else {
        return Err((ErrorKind::Parse, "CLUSTER SLOTS did not answer a list").into());
    };
    for range in ranges {
        let Value::Array(parts) = range else { continue };
        let Some(Value::Array(node)) = parts.get(2) else {
            continue;
        };
        let (Some(host), Some(port)) = (node.first(), node.get(1)) else {
            continue;
        };
        let host: String = redis::from_redis_value_ref(host)?;
        let port: u16 = redis::from_redis_value_ref(port)?;
        if !masters.contains(&(host.clone(), port)) {
            masters.push((host, port));
        }
    }
    Ok(masters)
}

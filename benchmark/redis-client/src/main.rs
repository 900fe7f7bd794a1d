//! redis-rs (RedisStore's client) against fred, as RedisStore drives a client: one
//! current-thread tokio runtime, one multiplexed connection, many commands in flight on it.
//! For each client and each number of commands in flight, 100,000 `SET key json EX 600` then
//! 100,000 `GET key` of a typical session's JSON; the clients alternate over the rounds, and
//! the medians are reported: operations per second (wall) and process CPU µs per operation
//! (both the runtime's thread and any the client starts).
//!
//! `REDIS_URL` (default redis://127.0.0.1:6379); keys under `esrs_client_bench:`, deleted at
//! the end. Pin it to one core as the HTTP benchmark pins its server:
//!   cd benchmark/redis-client && cargo build --release &&
//!   taskset -c 1 target/release/redis-client-comparison

use std::future::Future;
use std::time::Instant;

use fred::prelude::{Builder, ClientLike, Config, Expiration, KeysInterface};
use futures::stream::{self, StreamExt};
use redis::aio::ConnectionManager;

const OPERATIONS: usize = 100_000;
const ROUNDS: usize = 3;
const IN_FLIGHT: [usize; 2] = [50, 1000];
const PREFIX: &str = "esrs_client_bench:";
const SESSION: &str = r#"{"cookie":{"originalMaxAge":86400000,"expires":"2026-12-07T00:00:00.000Z","secure":false,"httpOnly":true,"path":"/","sameSite":"lax"},"user":"ada","views":12,"cart":["apple","pear"]}"#;

fn key(i: usize) -> String {
    format!("{PREFIX}{i}")
}

/// The process's user + system CPU seconds (clock ticks of 10 ms).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").expect("/proc/self/stat");
    let fields: Vec<&str> = stat[stat.rfind(')').expect("comm") + 2..]
        .split(' ')
        .collect();
    let ticks: f64 =
        fields[11].parse::<f64>().expect("utime") + fields[12].parse::<f64>().expect("stime");
    ticks / 100.0
}

#[derive(Clone, Copy)]
struct Measure {
    per_second: f64,
    cpu_us: f64,
}

async fn measure<F: Future<Output = ()>>(run: F) -> Measure {
    let cpu = cpu_seconds();
    let start = Instant::now();
    run.await;
    let wall = start.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu;
    Measure {
        per_second: OPERATIONS as f64 / wall,
        cpu_us: cpu * 1e6 / OPERATIONS as f64,
    }
}

/// Runs `operation` for every key index, `in_flight` at a time.
async fn over_keys<F, Fut>(in_flight: usize, operation: F) -> Measure
where
    F: Fn(usize) -> Fut,
    Fut: Future<Output = ()>,
{
    measure(
        stream::iter(0..OPERATIONS)
            .map(operation)
            .buffer_unordered(in_flight)
            .collect::<()>(),
    )
    .await
}

async fn redis_rs(manager: &ConnectionManager, in_flight: usize) -> (Measure, Measure) {
    let set = over_keys(in_flight, |i| {
        let mut connection = manager.clone();
        async move {
            let _: () = redis::cmd("SET")
                .arg(key(i))
                .arg(SESSION)
                .arg("EX")
                .arg(600)
                .query_async(&mut connection)
                .await
                .expect("SET");
        }
    })
    .await;
    let get = over_keys(in_flight, |i| {
        let mut connection = manager.clone();
        async move {
            let text: Option<String> = redis::cmd("GET")
                .arg(key(i))
                .query_async(&mut connection)
                .await
                .expect("GET");
            assert!(text.is_some());
        }
    })
    .await;
    (set, get)
}

async fn fred(client: &fred::prelude::Client, in_flight: usize) -> (Measure, Measure) {
    let set = over_keys(in_flight, |i| async move {
        let _: () = client
            .set(key(i), SESSION, Some(Expiration::EX(600)), None, false)
            .await
            .expect("SET");
    })
    .await;
    let get = over_keys(in_flight, |i| async move {
        let text: Option<String> = client.get(key(i)).await.expect("GET");
        assert!(text.is_some());
    })
    .await;
    (set, get)
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn report(client: &str, in_flight: usize, what: &str, runs: &[Measure]) {
    let per_second = median(runs.iter().map(|m| m.per_second).collect());
    let cpu_us = median(runs.iter().map(|m| m.cpu_us).collect());
    println!("| {client} | {in_flight} | {what} | {per_second:.0} | {cpu_us:.2} |");
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let url = std::env::var("REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".to_owned());
    let manager = ConnectionManager::new(redis::Client::open(url.as_str()).expect("URL"))
        .await
        .expect("redis-rs connection");
    let fred_client = Builder::from_config(Config::from_url(&url).expect("URL"))
        .build()
        .expect("fred client");
    fred_client.init().await.expect("fred connection");

    println!("| client | in flight | command | ops/s | CPU µs/op |");
    println!("|---|---:|---|---:|---:|");
    for in_flight in IN_FLIGHT {
        let mut ours = (Vec::new(), Vec::new());
        let mut theirs = (Vec::new(), Vec::new());
        for _ in 0..ROUNDS {
            let (set, get) = redis_rs(&manager, in_flight).await;
            ours.0.push(set);
            ours.1.push(get);
            let (set, get) = fred(&fred_client, in_flight).await;
            theirs.0.push(set);
            theirs.1.push(get);
        }
        report("redis-rs 1.8 ConnectionManager", in_flight, "SET", &ours.0);
        report("fred 10.1", in_flight, "SET", &theirs.0);
        report("redis-rs 1.8 ConnectionManager", in_flight, "GET", &ours.1);
        report("fred 10.1", in_flight, "GET", &theirs.1);
    }

    let mut connection = manager.clone();
    let keys: Vec<String> = (0..OPERATIONS).map(key).collect();
    for batch in keys.chunks(1000) {
        let _: i64 = redis::cmd("DEL")
            .arg(batch)
            .query_async(&mut connection)
            .await
            .expect("DEL");
    }
    fred_client.quit().await.expect("fred quit");
}

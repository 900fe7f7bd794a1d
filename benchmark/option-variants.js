'use strict'

// express-session-rs with absoluteTimeout, touchAfter and rotateSecrets (issue 17), as
// benchmark implementations not in the default runs (name them with --implementations).
// Each variant's options change nothing a shape checks: the sessions stay alive (an
// hour-long absolute timeout, cookies signed with the first secret), so a row's difference
// to `express-session-rs` is what the option costs on every request. `concurrency` and
// `saveBeforeHeaders` are in implementations.js.
//
//   node benchmark/micro.js --implementations 'bare,express-session-rs +touchAfter'

const HOUR = 60 * 60 * 1000

module.exports = function optionVariants (ours) {
  const variant = (name, extra) => ({
    name: `express-session-rs ${name}`,
    optional: true,
    create: (options) => ours({ ...options, ...extra(options) })
  })
  return [
    variant('+absoluteTimeout', () => ({ absoluteTimeout: HOUR })),
    variant('+touchAfter', () => ({ touchAfter: 10 * 60 * 1000 })),
    variant('+rotateSecrets', (options) => ({ secret: [options.secret, 'an older secret'], rotateSecrets: true })),
    variant('+all three', (options) => ({
      absoluteTimeout: HOUR,
      touchAfter: 10 * 60 * 1000,
      secret: [options.secret, 'an older secret'],
      rotateSecrets: true
    }))
  ]
}

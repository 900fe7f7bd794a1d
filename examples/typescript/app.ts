// express-session-rs in TypeScript: the fields an application keeps in its sessions are
// declared once, by merging into `SessionData`; `req.session` then knows them.
//
//   npx tsc -p examples/typescript && node examples/typescript/dist/app.js

import express, { NextFunction, Request, Response } from 'express'
import session from 'express-session-rs'

declare module 'express-session-rs' {
  interface SessionData {
    views: Record<string, number>
    user: string | null
  }
}

const app = express()

app.use(session({
  secret: process.env.SESSION_SECRET || 'keyboard cat',
  resave: false,
  saveUninitialized: true,
  cookie: { maxAge: 60 * 60 * 1000, sameSite: 'lax' }
}))

// The view counter: req.session.views is Record<string, number> | undefined.
app.use((req: Request, res: Response, next: NextFunction) => {
  const views = req.session.views ?? {}
  views[req.path] = (views[req.path] ?? 0) + 1
  req.session.views = views
  next()
})

app.get('/', (req: Request, res: Response) => {
  const who = req.session.user ? `hello, ${escapeHtml(req.session.user)}! <a href="/logout">Logout</a>` : 'not logged in'
  const expires: Date | null | undefined = req.session.cookie.expires
  res.send(`${who}<br>views here: ${req.session.views?.['/']}<br>cookie expires: ${expires?.toISOString()}`)
})

app.get('/views', (req: Request, res: Response) => {
  res.json({ views: req.session.views, user: req.session.user ?? null, id: req.session.id })
})

app.post('/login', express.urlencoded({ extended: false }), (req: Request, res: Response, next: NextFunction) => {
  const user = String(req.body.user ?? '')
  req.session.regenerate((err) => {
    if (err) return next(err)
    req.session.user = user
    req.session.save((err) => {
      if (err) return next(err)
      res.redirect('/')
    })
  })
})

app.get('/logout', (req: Request, res: Response, next: NextFunction) => {
  req.session.user = null
  req.session.save((err) => {
    if (err) return next(err)
    req.session.regenerate((err) => {
      if (err) return next(err)
      res.redirect('/')
    })
  })
})

function escapeHtml (text: string): string {
  return text.replace(/[&<>"']/g, (c) =>
    ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string)
}

const server = app.listen(Number(process.env.PORT || 3000), '127.0.0.1', () => {
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : address
  console.log(`typescript example listening on http://localhost:${port}`)
})

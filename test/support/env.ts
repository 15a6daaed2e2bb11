// Tests log nothing and run in UTC unless a test sets otherwise.
process.env.TZ = 'UTC';

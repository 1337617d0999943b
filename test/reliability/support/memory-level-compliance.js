'use strict'
// abstract-level's compliance suite run against memory-level, as abstract-level's README tells an
// implementation to run it.
const test = require('tape')
const suite = require('abstract-level/test')
const { MemoryLevel } = require('memory-level')

suite({ test, factory: (options) => new MemoryLevel(options) })

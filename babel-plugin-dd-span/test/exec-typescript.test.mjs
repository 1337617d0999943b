// Issue 2 §4, TypeScript: annotated functions compiled together with @babel/preset-typescript (a
// filename ending in .ts adds it) behave as the same code with only its types stripped.
import { test } from 'node:test';
import { assertSameBehaviour } from './support/exec.mjs';

const filename = 'module.ts';

test('typed functions, generics, assertions and optional parameters behave as with types stripped', async () => {
  await assertSameBehaviour(
    `
    interface Named { name: string }
    //dd:span
    function greet<T extends Named>(who: T, greeting?: string): string { return (greeting ?? 'hello') + ' ' + who.name; }
    //dd:span
    const firstOf = <T,>(items: readonly T[]): T | undefined => items[0];
    //dd:span
    async function parse(text: string): Promise<number> { const n = JSON.parse(text) as number; await null; return n!; }
    //dd:span
    function overloaded(x: string): string;
    function overloaded(x: number): number;
    function overloaded(x: string | number): string | number { return typeof x === 'string' ? x.toUpperCase() : x * 2; }
    module.exports.observe = async () => [
      greet({ name: 'ada' }), greet({ name: 'bob' }, 'hi'), firstOf([3, 4]), await parse('7'), overloaded('a'), overloaded(2),
      greet.length, firstOf.length, overloaded.length,
    ];
    `,
    {
      filename,
      expected: ['hello ada', 'hi bob', 3, 7, 'A', 4, 2, 1, 1],
      spans: ['greet', 'greet', 'firstOf', 'parse', 'overloaded', 'overloaded'],
    },
  );
});

test('parameter properties are assigned in base and derived constructors, after super() in the derived one', async () => {
  await assertSameBehaviour(
    `
    class Account {
      //dd:span
      constructor(public readonly owner: string, protected balance: number = 0) {
        if (balance < 0) throw new RangeError('negative balance');
      }
      describe() { return this.owner + ':' + this.balance; }
    }
    class Savings extends Account {
      rate = 0.5;
      //dd:span
      constructor(owner: string, private months: number, public label?: string) {
        const opening = months * 10;
        super(owner, opening);
      }
      //dd:span
      interest(): number { return this.balance * this.rate * this.months; }
    }
    module.exports.observe = () => {
      const savings = new Savings('ada', 3, 'rainy day');
      let failure;
      try { new Account('bob', -1); } catch (error) { failure = (error as Error).message; }
      return [new Account('cy').describe(), savings.describe(), savings.interest(), savings.label, Object.keys(savings), failure];
    };
    `,
    {
      filename,
      expected: ['cy:0', 'ada:30', 45, 'rainy day', ['owner', 'balance', 'rate', 'months', 'label'], 'negative balance'],
      spans: ['Account', 'Account', 'Account', 'Savings', 'interest'],
    },
  );
});

test('a `this` parameter types `this` without becoming a parameter', async () => {
  await assertSameBehaviour(
    `
    interface Counter { count: number }
    //dd:span
    function increment(this: Counter, by: number): number { this.count += by; return this.count; }
    //dd:span
    const reset = function (this: Counter): void { this.count = 0; };
    module.exports.observe = () => {
      const counter = { count: 1, increment, reset };
      const seen = [counter.increment(2), increment.length, reset.length];
      counter.reset();
      seen.push(counter.count);
      return seen;
    };
    `,
    { filename, expected: [3, 1, 0, 0], spans: ['increment', 'reset'] },
  );
});

test('enums around annotated functions keep their values', async () => {
  await assertSameBehaviour(
    `
    enum Level { Low = 1, High = Low * 10 }
    const enum Mode { Read = 'r', Write = 'w' }
    const Limits = { max: Level.High } as const;
    //dd:span
    function classify(value: number): Level { return value > Limits.max ? Level.High : Level.Low; }
    //dd:span
    function mode(write: boolean): Mode { return write ? Mode.Write : Mode.Read; }
    enum Later { First = classify(100) }
    module.exports.observe = () => [classify(5), classify(50), mode(true), Level[10], Later.First];
    `,
    { filename, expected: [1, 10, 'w', 'High', 10], spans: ['classify', 'classify', 'classify', 'mode'] },
  );
});

test('abstract classes, accessors and async methods with types behave as with types stripped', async () => {
  await assertSameBehaviour(
    `
    abstract class Shape {
      abstract area(): number;
      //dd:span
      describe(): string { return this.constructor.name + ' ' + this.area(); }
    }
    class Square extends Shape {
      #side: number;
      constructor(side: number) { super(); this.#side = side; }
      //dd:span
      area(): number { return this.#side ** 2; }
      //dd:span
      get side(): number { return this.#side; }
      //dd:span
      set side(value: number) { this.#side = value; }
      //dd:span
      async grow(by: number): Promise<this> { await null; this.side = this.side + by; return this; }
    }
    module.exports.observe = async () => {
      const square = new Square(2);
      const grown = await square.grow(1);
      return [square.describe(), grown === square, Object.keys(square)];
    };
    `,
    { filename, expected: ['Square 9', true, []], spans: ['area', 'describe', 'side', 'side', 'grow'] },
  );
});

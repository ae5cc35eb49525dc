// Whether a calculator supports every element of a structure or state.
import type { Calculator } from '../calculator.js';
import { symbolOf } from '../elements.js';

/** Throws naming the first atom whose element the calculator does not support. */
export function checkElements(calculator: Calculator, numbers: ArrayLike<number>, where: string): void {
  const supported = calculator.atomicNumbers;
  if (!supported) return;
  for (let i = 0; i < numbers.length; i++) {
    if (!supported.includes(numbers[i])) {
      throw new Error(`${where}: atom ${i} is ${symbolOf(numbers[i])} (Z=${numbers[i]}), which the model does not support (it knows ${supported.map(symbolOf).join(', ')})`);
    }
  }
}

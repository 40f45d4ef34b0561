export { PayButton, type PayButtonProps } from './PayButton';
export { PaymentError, type PaymentErrorProps } from './PaymentError';
export { PhoneInput, type PhoneInputProps } from './PhoneInput';
export { SwishApprovalView, type SwishApprovalViewProps } from './SwishApprovalView';
